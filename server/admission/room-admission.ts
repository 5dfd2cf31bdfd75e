import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';

/**
 * Who may start a call on this server. Joining a call that is already running needs only its link; opening a new
 * room can be kept to people who show a credential: the operator's shared secret, or a sign-in token (a JWT from the
 * organisation's OpenID Connect provider, checked against its published keys, issuer and audience).
 */
export interface RoomAdmissionConfig {
  /** A shared bearer secret (SEALROOM_CREATE_SECRET). */
  secret: string | null;
  /** A JWT check (SEALROOM_CREATE_JWKS_URL, _ISSUER, _AUDIENCE). */
  jwt: { jwksUrl: string; issuer: string; audience: string } | null;
}

export type AdmissionResult =
  | { ok: true; via: 'secret' | 'jwt' }
  | { ok: false; status: 401 | 403 | 503; code: string; message: string };

export interface RoomAdmission {
  /** Checks the `Authorization: Bearer` credential of someone asking for a room that does not exist yet. */
  admit(credential: string | null): Promise<AdmissionResult>;
}

const SIGN_IN_REQUIRED: AdmissionResult = {
  ok: false,
  status: 401,
  code: 'sign_in_required',
  message:
    'this call has not started yet, and on this server only signed-in people can start one: sign in (send the operator\'s credential as Authorization: Bearer), or try again once whoever invited you has joined',
};

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The JWT failures that say "your token is wrong" as opposed to "the provider could not be asked". */
function describeJwtFailure(error: unknown): AdmissionResult {
  if (error instanceof joseErrors.JWTExpired) return { ok: false, status: 403, code: 'sign_in_rejected', message: 'the sign-in token has expired: sign in again' };
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return { ok: false, status: 403, code: 'sign_in_rejected', message: `the sign-in token is not for this server (${error.claim} claim does not match)` };
  }
  const providerDown =
    !(error instanceof joseErrors.JOSEError) ||
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC';
  if (providerDown) {
    return { ok: false, status: 503, code: 'sign_in_unavailable', message: "the sign-in check is unavailable (the identity provider's keys could not be fetched): try again later" };
  }
  return { ok: false, status: 403, code: 'sign_in_rejected', message: 'the sign-in token was not accepted (not signed by the organisation\'s identity provider)' };
}

export function createRoomAdmission(config: RoomAdmissionConfig): RoomAdmission | null {
  if (config.secret === null && config.jwt === null) return null;
  const secret = config.secret === null ? null : digest(config.secret);
  const jwt = config.jwt;
  const keys = jwt ? createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : null;
  return {
    async admit(credential) {
      if (credential === null) return SIGN_IN_REQUIRED;
      // Hashed first so the comparison takes the same time whatever the length of the guess.
      if (secret !== null && timingSafeEqual(digest(credential), secret)) return { ok: true, via: 'secret' };
      if (!jwt || !keys || credential.split('.').length !== 3) {
        return { ok: false, status: 403, code: 'sign_in_rejected', message: 'the credential was not accepted' };
      }
      try {
        await jwtVerify(credential, keys, { issuer: jwt.issuer, audience: jwt.audience, clockTolerance: 30, requiredClaims: ['exp'] });
        return { ok: true, via: 'jwt' };
      } catch (error) {
        return describeJwtFailure(error);
      }
    },
  };
}
