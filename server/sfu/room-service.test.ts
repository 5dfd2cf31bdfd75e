import { AccessToken } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../index';
import { silentLogger } from '../log';

let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function call(method: string, body: string): Promise<{ status: number; json: unknown }> {
  server ??= await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger });
  const token = new AccessToken('devkey', 'secret', { identity: 'admin' });
  token.addGrant({ roomList: true, roomAdmin: true, room: 'BBBBBBBBBBBBBBBBBBBBBA' });
  const response = await fetch(`${server.url}/twirp/livekit.RoomService/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token.toJwt()}` },
    body,
  });
  return { status: response.status, json: await response.json() };
}

describe('RoomService requests', () => {
  it('reads an empty body as an empty request', async () => {
    expect(await call('ListRooms', '')).toEqual({ status: 200, json: {} });
  });

  it('answers malformed, naming the request type, for a body that is not JSON', async () => {
    const { status, json } = await call('ListRooms', '{"names": [');
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 'malformed', msg: expect.stringMatching(/^request is not valid JSON for livekit\.ListRoomsRequest: /) });
  });

  it('answers malformed for JSON of the wrong shape, and ignores unknown fields', async () => {
    const wrong = await call('ListParticipants', '{"room": 42}');
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ code: 'malformed', msg: expect.stringMatching(/livekit\.ListParticipantsRequest/) });
    const unknown = await call('ListParticipants', '{"room": "BBBBBBBBBBBBBBBBBBBBBA", "futureField": true}');
    expect(unknown).toEqual({ status: 200, json: {} });
  });
});
