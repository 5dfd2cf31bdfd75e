import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './index';
import type { LogFields, LogLevel } from './log';
import { selfSignedCert } from './testing/self-signed-cert';
import { openSignalling } from './testing/signalling-join';
import { serversClosedAfterEachTest } from './testing/test-servers';

const ROOM = 'CCCCCCCCCCCCCCCCCCCCCA';
const OTHER_ROOM = 'DDDDDDDDDDDDDDDDDDDDDA';
const { serve, sockets } = serversClosedAfterEachTest(afterEach);

function post(server: RunningServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/token`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

async function operatorToken(identity: string, room = ROOM, roomConfig?: { maxParticipants: number }): Promise<string> {
  const at = new AccessToken('devkey', 'secret', { identity, ttl: '10m' });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
  if (roomConfig) (at as { roomConfig?: unknown }).roomConfig = roomConfig;
  return at.toJwt();
}

async function joinAs(server: RunningServer, identity: string, room = ROOM): Promise<void> {
  const outcome = await openSignalling(server.wsUrl, await operatorToken(identity, room));
  if (!outcome.joined) throw new Error(`join refused: ${outcome.status} ${outcome.body}`);
  sockets.push(outcome.ws);
}

function recordingLogger(): { lines: string[]; logger: (level: LogLevel, message: string, fields?: LogFields) => void } {
  const lines: string[] = [];
  return { lines, logger: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
}

describe('the token endpoint', () => {
  it('answers 201 with a token whose identity it chose, and refuses a named identity with 400', async () => {
    const server = await serve();
    const created = await post(server, { room_name: ROOM, participant_name: 'Ada' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { server_url: string; participant_token: string };
    expect(body.server_url).toBe(server.wsUrl);
    const claims = await new TokenVerifier('devkey', 'secret').verify(body.participant_token);
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claims.roomConfig).toMatchObject({ maxParticipants: 100 });

    const named = await post(server, { room_name: ROOM, participant_identity: claims.sub });
    expect(named.status).toBe(400);
    expect(await errorOf(named)).toEqual({ code: 'field_not_allowed', message: expect.stringContaining('participant_identity is chosen by this server') });
    const configured = await post(server, { room_name: ROOM, room_config: { max_participants: 5000 } });
    expect(configured.status).toBe(400);
    expect((await errorOf(configured)).message).toContain('room_config is not accepted');
  });

  it('gives a wss:// server_url over TLS, and over a trusted proxy that says https, never on an untrusted header', async () => {
    const plain = await serve();
    const spoofed = await post(plain, { room_name: ROOM }, { 'X-Forwarded-Proto': 'https', Forwarded: 'proto=https' });
    expect(((await spoofed.json()) as { server_url: string }).server_url).toBe(plain.wsUrl);

    const proxied = await serve({ trustProxy: 'x-forwarded' });
    const viaCaddy = await post(proxied, { room_name: ROOM }, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'meet.example.com' });
    expect(((await viaCaddy.json()) as { server_url: string }).server_url).toBe('wss://meet.example.com');
    const rfc = await serve({ trustProxy: 'forwarded' });
    const viaRfc = await post(rfc, { room_name: ROOM }, { Forwarded: 'for=192.0.2.1;proto=https;host=meet.example.com', 'X-Forwarded-Proto': 'http' });
    expect(((await viaRfc.json()) as { server_url: string }).server_url).toBe('wss://meet.example.com');

    const cert = await selfSignedCert();
    try {
      const tls = await serve({ tls: { cert: cert.cert, key: cert.key } });
      expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const { request } = await import('node:https');
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${tls.url}/api/token`, { method: 'POST', ca: cert.cert, headers: { 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ room_name: ROOM }));
      });
      expect(answer.status).toBe(201);
      expect((JSON.parse(answer.body) as { server_url: string }).server_url).toBe(tls.wsUrl);
      expect(tls.wsUrl).toMatch(/^wss:\/\//);
      const joined = await openSignalling(tls.wsUrl, await operatorToken('over-tls'), { ca: cert.cert });
      expect(joined.joined).toBe(true);
      if (joined.joined) sockets.push(joined.ws);
    } finally {
      await cert.remove();
    }
  });
});

describe('CORS', () => {
  const preflight = (server: RunningServer, origin: string) =>
    fetch(`${server.url}/api/token`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });

  it('lets the desktop app and the server\'s own pages in, and refuses other origins', async () => {
    const server = await serve();
    for (const origin of ['app://sealroom', server.url]) {
      const allowed = await preflight(server, origin);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
      expect(allowed.headers.get('vary')).toBe('Origin');
      const token = await post(server, { room_name: ROOM }, { Origin: origin });
      expect(token.status).toBe(201);
      expect(token.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const refused = await preflight(server, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const minted = await post(server, { room_name: ROOM }, { Origin: 'https://evil.example' });
    expect(minted.status).toBe(403);
    expect(await errorOf(minted)).toEqual({ code: 'origin_not_allowed', message: expect.stringContaining('SEALROOM_ALLOWED_ORIGINS') });
    // Native SDKs, bots and scripts send no Origin: not a browser, nothing for CORS to protect.
    expect((await post(server, { room_name: ROOM })).status).toBe(201);
    const validate = await fetch(`${server.url}/rtc/validate?access_token=nope`, { headers: { Origin: 'app://sealroom' } });
    expect(validate.status).toBe(401);
    expect(validate.headers.get('access-control-allow-origin')).toBe('app://sealroom');
  });

  it('uses the configured list instead of the default', async () => {
    const server = await serve({ allowedOrigins: ['https://meet.example.com'] });
    expect((await preflight(server, 'https://meet.example.com')).headers.get('access-control-allow-origin')).toBe('https://meet.example.com');
    expect((await preflight(server, 'app://sealroom')).status).toBe(403);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client has used its burst, logs it once without secrets, and keeps serving', async () => {
    let now = 1_000_000;
    const log = recordingLogger();
    const server = await serve({ abuseLimits: { tokenRequests: { burst: 3, perMinute: 6 } }, trustProxy: 'x-forwarded', now: () => now, logger: log.logger });
    const from = (ip: string) => ({ 'X-Forwarded-For': `198.51.100.7, ${ip}` });
    for (let i = 0; i < 3; i++) expect((await post(server, { room_name: ROOM }, from('203.0.113.5'))).status).toBe(201);
    const limited = await post(server, { room_name: ROOM }, from('203.0.113.5'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(await errorOf(limited)).toEqual({ code: 'rate_limited', message: 'too many token requests from your address: try again in 10 s' });
    expect((await post(server, { room_name: ROOM }, from('203.0.113.5'))).status).toBe(429);
    // Someone else, and the server itself, are unaffected.
    expect((await post(server, { room_name: ROOM }, from('203.0.113.6'))).status).toBe(201);
    expect(await (await fetch(`${server.url}/healthz`)).text()).toBe('ok');
    now += 10_000;
    expect((await post(server, { room_name: ROOM }, from('203.0.113.5'))).status).toBe(201);

    const refusals = log.lines.filter((line) => line.includes('rate limited'));
    expect(refusals).toEqual([expect.stringContaining('"client":"203.0.113.5"')]);
    expect(log.lines.join('\n')).not.toMatch(/eyJ|secret/);
  });

  it('limits signalling joins per client with 429 and Retry-After, explained by /rtc/validate, logged once without the token, and keeps serving', async () => {
    let now = 0;
    const log = recordingLogger();
    const server = await serve({ abuseLimits: { joins: { burst: 2, perMinute: 1 } }, trustProxy: 'x-forwarded', now: () => now, logger: log.logger });
    const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });
    const join = async (identity: string, ip: string) => {
      const outcome = await openSignalling(server.wsUrl, await operatorToken(identity), from(ip));
      if (outcome.joined) sockets.push(outcome.ws);
      return outcome;
    };
    expect((await join('first', '203.0.113.5')).joined).toBe(true);
    expect((await join('second', '203.0.113.5')).joined).toBe(true);
    const jwt = await operatorToken('third');
    const third = await openSignalling(server.wsUrl, jwt, from('203.0.113.5'));
    expect(third).toEqual({ joined: false, status: 429, retryAfter: '60', body: 'too many joins from your address: try again in 60 s' });
    expect(await join('fourth', '203.0.113.5')).toMatchObject({ joined: false, status: 429 });
    const validate = await fetch(`${server.url}/rtc/validate?access_token=${jwt}`, { headers: { 'X-Forwarded-For': '203.0.113.5' } });
    expect(validate.status).toBe(429);
    expect(validate.headers.get('retry-after')).toBe('60');
    // Another client, the token endpoint and the health check are served right after; the limited one once it refilled.
    expect((await join('other', '203.0.113.6')).joined).toBe(true);
    expect((await post(server, { room_name: ROOM })).status).toBe(201);
    expect(await (await fetch(`${server.url}/healthz`)).text()).toBe('ok');
    now += 60_000;
    expect((await join('third', '203.0.113.5')).joined).toBe(true);

    const refusals = log.lines.filter((line) => line.includes('rate limited'));
    expect(refusals).toEqual([expect.stringMatching(/^warn rate limited: signalling joins .*"client":"203\.0\.113\.5"/)]);
    expect(log.lines.join('\n')).not.toContain(jwt);
  });

  it('caps calls and participants on the whole server with 503 and a message', async () => {
    const server = await serve({ abuseLimits: { maxRooms: 1, maxParticipants: 2 } });
    await joinAs(server, 'a');
    const secondRoom = await openSignalling(server.wsUrl, await operatorToken('b', OTHER_ROOM));
    expect(secondRoom).toMatchObject({ joined: false, status: 503, body: 'this server is hosting as many calls as it allows (1): try again later' });
    await joinAs(server, 'b');
    const third = await openSignalling(server.wsUrl, await operatorToken('c'));
    expect(third).toMatchObject({ joined: false, status: 503, body: 'this server has as many participants as it allows (2): try again later' });
    // A rejoin of someone already in the call is not a new participant.
    await joinAs(server, 'b');
  });
});

describe('the room configuration in a token', () => {
  it('lowers the participant limit of the room its join opens, as LiveKit does', async () => {
    const server = await serve();
    const first = await openSignalling(server.wsUrl, await operatorToken('first', ROOM, { maxParticipants: 1 }));
    expect(first.joined).toBe(true);
    if (first.joined) sockets.push(first.ws);
    const second = await openSignalling(server.wsUrl, await operatorToken('second', ROOM, { maxParticipants: 50 }));
    expect(second).toMatchObject({ joined: false, status: 403, body: 'room is full: at most 1 participants' });
    const broken = await openSignalling(server.wsUrl, await operatorToken('third', OTHER_ROOM, { maxParticipants: 'many' as unknown as number }));
    expect(broken).toMatchObject({ joined: false, status: 401, body: expect.stringContaining('roomConfig is not a room configuration') });
  });
});

describe('admission to start a room', () => {
  const SECRET = 'operator-secret-0123456789';

  it('needs the bearer secret to start a room, and only the link to join one that is running', async () => {
    const server = await serve({ roomAdmission: { secret: SECRET, jwt: null } });
    const anonymous = await post(server, { room_name: ROOM });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(anonymous)).toEqual({ code: 'sign_in_required', message: expect.stringContaining('only signed-in people can start one') });
    const wrong = await post(server, { room_name: ROOM }, { Authorization: 'Bearer not-the-secret' });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(await errorOf(wrong))).not.toContain('not-the-secret');

    const creator = await post(server, { room_name: ROOM }, { Authorization: `Bearer ${SECRET}` });
    expect(creator.status).toBe(201);
    const { participant_token } = (await creator.json()) as { participant_token: string };
    const joined = await openSignalling(server.wsUrl, participant_token);
    expect(joined.joined).toBe(true);
    if (joined.joined) sockets.push(joined.ws);

    expect((await post(server, { room_name: ROOM })).status).toBe(201);
    expect((await post(server, { room_name: OTHER_ROOM })).status).toBe(401);
  });
});

describe('in front of another LiveKit', () => {
  it('asks that LiveKit through RoomService whether a room is running before requiring the credential', async () => {
    const livekit = await serve();
    const front = await serve({ livekitUrl: livekit.wsUrl, roomAdmission: { secret: 'operator-secret-0123456789', jwt: null } });
    expect((await post(front, { room_name: ROOM })).status).toBe(401);
    await joinAs(livekit, 'already-there');
    const joiner = await post(front, { room_name: ROOM });
    expect(joiner.status).toBe(201);
    expect(((await joiner.json()) as { server_url: string }).server_url).toBe(livekit.wsUrl);

    await livekit.close();
    const down = await post(front, { room_name: OTHER_ROOM });
    expect(down.status).toBe(503);
    expect((await errorOf(down)).code).toBe('rooms_unavailable');
  });
});
