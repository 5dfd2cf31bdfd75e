import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { credentialsFromEnv, DEV_API_KEY, DEV_API_SECRET } from './credentials';
import { issueToken } from './token-service';

const dev = { apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET, livekitUrl: null };
const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('issueToken', () => {
  it('issues an HS256 LiveKit token limited to the room, with a random identity', async () => {
    const first = await issueToken({ room_name: ROOM, participant_name: 'Ada' }, dev, 'ws://127.0.0.1:7880');
    const second = await issueToken({ room_name: ROOM }, dev, 'ws://127.0.0.1:7880');
    if (!first.ok || !second.ok) throw new Error('expected tokens');
    expect(first.value.server_url).toBe('ws://127.0.0.1:7880');
    const header = JSON.parse(Buffer.from(first.value.participant_token.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe('HS256');
    const claims = await new TokenVerifier(DEV_API_KEY, DEV_API_SECRET).verify(first.value.participant_token);
    expect(claims.video).toMatchObject({ room: ROOM, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    expect(claims.name).toBe('Ada');
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.identity).not.toBe(second.identity);
  });

  it('keeps a requested identity, metadata and attributes', async () => {
    const result = await issueToken(
      { room_name: ROOM, participant_identity: 'ada-1', participant_metadata: '{"a":1}', participant_attributes: { role: 'host' }, room_config: {} },
      dev,
      'ws://x',
    );
    if (!result.ok) throw new Error(result.error.message);
    const claims = await new TokenVerifier(DEV_API_KEY, DEV_API_SECRET).verify(result.value.participant_token);
    expect(claims.sub).toBe('ada-1');
    expect(claims.metadata).toBe('{"a":1}');
    expect(claims.attributes).toEqual({ role: 'host' });
  });

  it('points at the configured LiveKit when fronting one', async () => {
    const result = await issueToken({ room_name: ROOM }, { apiKey: 'k', apiSecret: 's'.repeat(32), livekitUrl: 'wss://lk.example.com' }, 'ws://self');
    expect(result.ok && result.value.server_url).toBe('wss://lk.example.com');
  });

  it.each([
    [{}],
    [{ room_name: 'short' }],
    [{ room_name: 'AAAAAAAAAAAAAAAAAAAAA/' }],
    [{ room_name: `${ROOM}A` }],
    [{ room_name: 42 }],
    [{ room_name: ROOM, participant_identity: 'has space' }],
    [{ room_name: ROOM, participant_name: 'x'.repeat(500) }],
    [null],
    ['string'],
    [[ROOM]],
  ])('rejects %j with a 400 and a message', async (input) => {
    const result = await issueToken(input, dev, 'ws://x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(400);
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });
});

describe('credentialsFromEnv', () => {
  it('defaults to the dev credentials and this server', () => {
    expect(credentialsFromEnv({})).toEqual({ ok: true, value: { apiKey: 'devkey', apiSecret: 'secret', livekitUrl: null } });
  });
  it('fronts a real LiveKit when all three are set', () => {
    const result = credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(result).toEqual({ ok: true, value: { apiKey: 'k', apiSecret: 's', livekitUrl: 'wss://lk.example.com' } });
  });
  it('refuses half a configuration', () => {
    expect(credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_API_KEY: 'k' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_URL: 'ftp://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).ok).toBe(false);
  });
});
