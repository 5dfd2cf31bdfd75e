import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoomAdmission } from './room-admission';

const ISSUER = 'https://id.example.com';
const AUDIENCE = 'sealroom';
let jwks: Server;
let jwksUrl: string;
let sign: (claims: { iss?: string; aud?: string; exp?: string | number }) => Promise<string>;
let signWithStranger: () => Promise<string>;

beforeAll(async () => {
  const provider = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  sign = (claims) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setSubject('ada@example.com')
      .setExpirationTime(claims.exp ?? '5m')
      .sign(provider.privateKey);
  signWithStranger = () => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(stranger.privateKey);
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

describe('room admission', () => {
  it('is off without a secret or a JWT check', () => {
    expect(createRoomAdmission({ secret: null, jwt: null })).toBeNull();
  });

  it('admits the shared secret and nothing like it', async () => {
    const admission = createRoomAdmission({ secret: 'a-long-operator-secret', jwt: null });
    await expect(admission?.admit('a-long-operator-secret')).resolves.toEqual({ ok: true, via: 'secret' });
    await expect(admission?.admit('a-long-operator-secreT')).resolves.toMatchObject({ ok: false, status: 403 });
    await expect(admission?.admit(null)).resolves.toMatchObject({ ok: false, status: 401, code: 'sign_in_required' });
  });

  it("admits a sign-in token from the organisation's provider, for this audience, not expired", async () => {
    const admission = createRoomAdmission({ secret: null, jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE } });
    await expect(admission?.admit(await sign({}))).resolves.toEqual({ ok: true, via: 'jwt' });
    await expect(admission?.admit(await sign({ aud: 'another-app' }))).resolves.toMatchObject({ ok: false, status: 403, message: expect.stringContaining('aud') });
    await expect(admission?.admit(await sign({ iss: 'https://evil.example' }))).resolves.toMatchObject({ ok: false, status: 403, message: expect.stringContaining('iss') });
    await expect(admission?.admit(await sign({ exp: Math.floor(Date.now() / 1000) - 3600 }))).resolves.toMatchObject({ ok: false, status: 403, message: 'the sign-in token has expired: sign in again' });
    await expect(admission?.admit(await signWithStranger())).resolves.toMatchObject({ ok: false, status: 403 });
    await expect(admission?.admit('not.a.jwt')).resolves.toMatchObject({ ok: false, status: 403 });
  });

  it('says the check is unavailable (503) when the provider cannot be reached', async () => {
    const admission = createRoomAdmission({ secret: null, jwt: { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, audience: AUDIENCE } });
    await expect(admission?.admit(await sign({}))).resolves.toMatchObject({ ok: false, status: 503, code: 'sign_in_unavailable' });
  });
});
