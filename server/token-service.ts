import type { IncomingMessage, ServerResponse } from 'node:http';
import { RoomConfiguration } from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import { z } from 'zod';
import { isRoomName } from '../shared/room-link';
import type { RoomAdmission } from './admission/room-admission';
import type { Credentials } from './credentials';
import { describe } from './describe';
import { readRequestOrigin, wsOriginOf, type TrustProxy } from './http/forwarded-request';
import { bearerToken, readBody, sendJson } from './http-util';
import { newIdentity } from './ids';
import type { Refusal } from './limits/abuse-limits';
import { clientKey } from './limits/client-key';
import type { RateLimiter } from './limits/rate-limiter';
import type { Logger } from './log';

/**
 * LiveKit's TokenSource endpoint standard, as `TokenSource.endpoint(url)` in livekit-client 2.23 speaks it: POST a
 * `TokenSourceRequest` as JSON with proto field names, get back 201 and a `TokenSourceResponse`
 * ({ server_url, participant_token }). The service decides everything a token grants: the identity is always its
 * own (a client-chosen identity could replace, and so kick, any member whose identity it has seen), and metadata,
 * attributes and room settings are never the requester's to set.
 */
const TOKEN_BODY_LIMIT = 16 * 1024;
const TOKEN_TTL = '6h';

/**
 * The room settings every token carries, so a real LiveKit creating the room on the first join applies them: at most
 * `maxParticipants`, closed 5 minutes after it was created if nobody came, and 20 s after the last one left.
 */
export const ROOM_EMPTY_TIMEOUT_S = 300;
export const ROOM_DEPARTURE_TIMEOUT_S = 20;

const TokenSourceRequestSchema = z.object({
  room_name: z.string().refine(isRoomName, {
    message: 'room_name must be a Sealroom room name (22 base64url characters, 128 bits)',
  }),
  participant_name: z.string().max(128).optional(),
  participant_identity: z.unknown().optional(),
  participant_metadata: z.unknown().optional(),
  participant_attributes: z.unknown().optional(),
  room_config: z.unknown().optional(),
});

/** Fields of the standard a client may not set here, and what to tell one that does. */
const REFUSED_FIELDS = {
  participant_identity: 'participant_identity is chosen by this server (every join gets a fresh random identity): leave it out',
  participant_metadata: 'participant_metadata is not accepted by this server: leave it out',
  participant_attributes: 'participant_attributes are not accepted by this server: leave them out',
  room_config: "room_config is not accepted: a room's settings (participant limit, timeouts, agents) are this server's: leave it out",
} as const;

/** proto3 JSON cannot tell a default value from an absent one, so a client that writes defaults sets nothing. */
function isProtoDefault(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isProtoDefault);
  return false;
}

export interface TokenRequest {
  room: string;
  name: string;
}

export type ParsedTokenRequest = { ok: true; value: TokenRequest } | { ok: false; error: { code: string; message: string } };

export function parseTokenRequest(input: unknown): ParsedTokenRequest {
  const parsed = TokenSourceRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    return { ok: false, error: { code: 'invalid_request', message: `${where}: ${issue?.message ?? 'invalid request'}` } };
  }
  for (const [field, message] of Object.entries(REFUSED_FIELDS)) {
    if (!isProtoDefault(parsed.data[field as keyof typeof REFUSED_FIELDS])) return { ok: false, error: { code: 'field_not_allowed', message } };
  }
  return { ok: true, value: { room: parsed.data.room_name, name: parsed.data.participant_name ?? '' } };
}

/** A join token for `identity` in `room` only, with the room settings a real LiveKit applies when it creates the room. */
export async function mintJoinToken(
  credentials: Pick<Credentials, 'apiKey' | 'apiSecret'>,
  grant: { room: string; identity: string; name: string; maxParticipants: number },
): Promise<string> {
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, { identity: grant.identity, name: grant.name, ttl: TOKEN_TTL });
  token.addGrant({ room: grant.room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  token.roomConfig = new RoomConfiguration({
    maxParticipants: grant.maxParticipants,
    emptyTimeout: ROOM_EMPTY_TIMEOUT_S,
    departureTimeout: ROOM_DEPARTURE_TIMEOUT_S,
  });
  return token.toJwt();
}

/** Whether a room is running (or was created and not yet joined) where the tokens point. */
export interface RoomDirectory {
  exists(room: string): Promise<boolean>;
}

export interface TokenEndpointOptions {
  credentials: Credentials;
  /** Participants per room, written into every token's room configuration. */
  maxParticipants: number;
  trustProxy: TrustProxy;
  /** `ws(s)://host:port` this server listens on, for a request without a usable Host header. */
  fallbackUrl: () => string;
  /** Requests per client; null: unlimited. */
  rate: RateLimiter | null;
  /** Set when starting a room needs a credential; `rooms` then says which rooms are already running. */
  admission: { check: RoomAdmission; rooms: RoomDirectory } | null;
  log: Logger;
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  if (refusal.retryAfterS !== undefined) res.setHeader('Retry-After', String(refusal.retryAfterS));
  if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
}

/** `POST /api/token`. */
export function createTokenEndpoint(options: TokenEndpointOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { credentials, log } = options;
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      refuse(res, { status: 405, code: 'method_not_allowed', message: 'use POST' });
      return;
    }
    const origin = readRequestOrigin(req, options.trustProxy);
    const client = clientKey(origin.clientIp);
    const decision = options.rate?.take(client) ?? { ok: true };
    if (!decision.ok) {
      if (decision.firstRefusal) log('warn', 'rate limited: token requests', { client, retryAfterS: decision.retryAfterS });
      refuse(res, {
        status: 429,
        code: 'rate_limited',
        message: `too many token requests from your address: try again in ${decision.retryAfterS} s`,
        retryAfterS: decision.retryAfterS,
      });
      return;
    }
    const body = await readBody(req, TOKEN_BODY_LIMIT);
    if (!body.ok) {
      refuse(res, { status: body.status, code: body.status === 413 ? 'too_large' : 'bad_body', message: body.message });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.body.toString('utf8'));
    } catch {
      refuse(res, { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' });
      return;
    }
    const request = parseTokenRequest(json);
    if (!request.ok) {
      refuse(res, { status: 400, ...request.error });
      return;
    }
    const { room, name } = request.value;

    let started: 'secret' | 'jwt' | undefined;
    if (options.admission) {
      let running: boolean;
      try {
        running = await options.admission.rooms.exists(room);
      } catch (error) {
        log('error', 'room lookup failed', { error: describe(error) });
        refuse(res, { status: 503, code: 'rooms_unavailable', message: 'the media server could not be asked whether this call is running: try again later', retryAfterS: 10 });
        return;
      }
      if (!running) {
        const admitted = await options.admission.check.admit(bearerToken(req));
        if (!admitted.ok) {
          if (admitted.status === 503) log('warn', 'room admission unavailable', { client });
          refuse(res, admitted);
          return;
        }
        started = admitted.via;
      }
    }

    const identity = newIdentity();
    const participant_token = await mintJoinToken(credentials, { room, identity, name, maxParticipants: options.maxParticipants });
    const server_url = credentials.livekitUrl ?? wsOriginOf(origin) ?? options.fallbackUrl();
    log('info', 'token issued', { identity, ...(started ? { startsRoom: started } : {}) });
    sendJson(res, 201, { server_url, participant_token });
  };
}
