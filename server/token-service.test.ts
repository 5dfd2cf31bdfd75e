import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { credentialsFromEnv, DEV_API_KEY, DEV_API_SECRET } from './credentials';
import { mintJoinToken, parseTokenRequest, ROOM_EMPTY_TIMEOUT_S } from './token-service';

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const verifier = new TokenVerifier(DEV_API_KEY, DEV_API_SECRET);

describe('parseTokenRequest', () => {
  it('takes the room and the display name', () => {
    expect(parseTokenRequest({ room_name: ROOM, participant_name: 'Ada' })).toEqual({ ok: true, value: { room: ROOM, name: 'Ada' } });
    expect(parseTokenRequest({ room_name: ROOM })).toEqual({ ok: true, value: { room: ROOM, name: '' } });
  });

  it.each([
    ['participant_identity', { participant_identity: 'ada-1' }, /participant_identity is chosen by this server/],
    ['participant_metadata', { participant_metadata: '{"role":"host"}' }, /participant_metadata is not accepted/],
    ['participant_attributes', { participant_attributes: { role: 'host' } }, /participant_attributes are not accepted/],
    ['room_config', { room_config: { max_participants: 1000 } }, /room_config is not accepted/],
    ['room_config with agents', { room_config: { agents: [{ agent_name: 'recorder' }] } }, /room_config is not accepted/],
    ['an identity that is not a string', { participant_identity: 42 }, /participant_identity/],
  ])('refuses a request that sets %s, saying why', (_what, fields, message) => {
    const result = parseTokenRequest({ room_name: ROOM, ...fields });
    expect(result).toEqual({ ok: false, error: { code: 'field_not_allowed', message: expect.stringMatching(message) } });
  });

  it('accepts those fields at their proto3 defaults, which mean "not set"', () => {
    const defaults = { participant_identity: '', participant_metadata: '', participant_attributes: {}, room_config: { name: '', max_participants: 0, agents: [] } };
    expect(parseTokenRequest({ room_name: ROOM, ...defaults })).toEqual({ ok: true, value: { room: ROOM, name: '' } });
  });

  it.each([
    [{}],
    [{ room_name: 'short' }],
    [{ room_name: 'AAAAAAAAAAAAAAAAAAAAA/' }],
    [{ room_name: `${ROOM}A` }],
    [{ room_name: 42 }],
    [{ room_name: ROOM, participant_name: 'x'.repeat(500) }],
    [null],
    ['string'],
    [[ROOM]],
  ])('rejects %j with a message', (input) => {
    const result = parseTokenRequest(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });
});

describe('mintJoinToken', () => {
  it('issues an HS256 LiveKit token for the room only, with LiveKit room settings', async () => {
    const jwt = await mintJoinToken({ apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET }, { room: ROOM, identity: 'id-1', name: 'Ada', maxParticipants: 100 });
    const header = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe('HS256');
    const claims = await verifier.verify(jwt);
    expect(claims.video).toMatchObject({ room: ROOM, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    expect(claims.video?.canUpdateOwnMetadata).toBeFalsy();
    expect(claims.sub).toBe('id-1');
    expect(claims.name).toBe('Ada');
    // As LiveKit reads it (protobuf JSON): the room a join opens takes these settings.
    expect(claims.roomConfig).toMatchObject({ maxParticipants: 100, emptyTimeout: ROOM_EMPTY_TIMEOUT_S });
  });
});

describe('credentialsFromEnv', () => {
  it('defaults to the dev credentials and this server', () => {
    expect(credentialsFromEnv({})).toEqual({ ok: true, value: { apiKey: 'devkey', apiSecret: 'secret', livekitUrl: null } });
  });
  it('fronts a real LiveKit when all three are set, with its RoomService where LIVEKIT_API_URL says', () => {
    const result = credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(result).toEqual({ ok: true, value: { apiKey: 'k', apiSecret: 's', livekitUrl: 'wss://lk.example.com', livekitApiUrl: null } });
    const internal = credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_URL: 'http://livekit:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(internal.ok && internal.value.livekitApiUrl).toBe('http://livekit:7880');
  });
  it('refuses half a configuration', () => {
    expect(credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_API_KEY: 'k' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_URL: 'ftp://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_API_URL: 'http://livekit:7880' }).ok).toBe(false);
    expect(credentialsFromEnv({ LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_URL: 'nope', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).ok).toBe(false);
  });
});
