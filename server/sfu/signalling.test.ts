import type { JoinResponse } from '@livekit/protocol';
import {
  AddTrackRequest,
  ClientConfigSetting,
  LeaveRequest,
  DisconnectReason,
  LeaveRequest_Action,
  ParticipantInfo_State,
  ReconnectReason,
  Ping,
  RequestResponse_Reason,
  SignalRequest,
  SignalResponse,
  TrackType,
  UpdateParticipantMetadata,
} from '@livekit/protocol';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer, ServerOptions } from '../index';
import { serversClosedAfterEachTest } from '../testing/test-servers';

const ROOM = 'BBBBBBBBBBBBBBBBBBBBBA';
const { serve, sockets } = serversClosedAfterEachTest(afterEach);

async function token(
  identity: string,
  options: { secret?: string; ttl?: number | string; room?: string; canUpdateOwnMetadata?: boolean } = {},
): Promise<string> {
  const at = new AccessToken('devkey', options.secret ?? 'secret', { identity, ttl: options.ttl ?? '10m' });
  at.addGrant({
    room: options.room ?? ROOM,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: options.canUpdateOwnMetadata ?? false,
  });
  return at.toJwt();
}

interface Client {
  ws: WebSocket;
  messages: SignalResponse[];
  next(kind: SignalResponse['message']['case'], timeoutMs?: number): Promise<SignalResponse>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(server: RunningServer, jwt: string, how: 'query' | 'bearer' = 'query', extra = ''): Promise<Client> {
  const url = how === 'query' ? `${server.wsUrl}/rtc?access_token=${jwt}&protocol=16&auto_subscribe=1${extra}` : `${server.wsUrl}/rtc?protocol=16${extra}`;
  const ws = new WebSocket(url, how === 'bearer' ? { headers: { Authorization: `Bearer ${jwt}` } } : {});
  sockets.push(ws);
  const messages: SignalResponse[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data: Buffer) => {
    messages.push(SignalResponse.fromBinary(new Uint8Array(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = async (kind: SignalResponse['message']['case'], timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((m) => m.message.case === kind);
      if (found) {
        messages.splice(messages.indexOf(found), 1);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`no ${kind} message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, next, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(new Error(`${res.statusCode}: ${body}`)));
    });
    ws.once('error', reject);
  });
}

function send(client: Client, message: SignalRequest['message']): void {
  client.ws.send(new SignalRequest({ message }).toBinary());
}

function join(response: SignalResponse): JoinResponse {
  if (response.message.case !== 'join') throw new Error('not a join');
  return response.message.value;
}

describe('signalling on /rtc', () => {
  it('answers a join the way livekit-client expects, within 5 s', async () => {
    const server = await serve();
    const started = Date.now();
    const alice = await connect(server, await token('alice'));
    const response = join(await alice.next('join'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.room?.sid).toMatch(/^RM_/);
    expect(response.room?.name).toBe(ROOM);
    expect(response.participant?.sid).toMatch(/^PA_/);
    expect(response.participant?.identity).toBe('alice');
    expect(response.participant?.permission).toMatchObject({ canPublish: true, canSubscribe: true, canPublishData: true });
    expect(response.serverVersion).not.toBe('');
    expect(response.pingInterval).toBe(5);
    expect(response.pingTimeout).toBe(15);
    expect(response.subscriberPrimary).toBe(true);
    expect(response.iceServers).toEqual([]);
    expect(response.clientConfiguration?.resumeConnection).toBe(ClientConfigSetting.ENABLED);
    expect(response.enabledPublishCodecs.map((c) => c.mime)).toEqual(expect.arrayContaining(['video/VP8', 'audio/opus']));
    // the subscriber connection is primary: the server offers right away, with data channels
    const offer = await alice.next('offer');
    expect(offer.message.case === 'offer' && offer.message.value.sdp).toContain('webrtc-datachannel');

    const bob = await connect(server, await token('bob'), 'bearer');
    const bobJoin = join(await bob.next('join'));
    expect(bobJoin.otherParticipants.map((p) => p.identity)).toEqual(['alice']);
    const update = await alice.next('update');
    expect(update.message.case === 'update' && update.message.value.participants[0]?.identity).toBe('bob');
  });

  it('answers pings and publishes tracks with the requested encryption', async () => {
    const server = await serve();
    const alice = await connect(server, await token('alice'));
    await alice.next('join');
    send(alice, { case: 'pingReq', value: new Ping({ timestamp: 1234n, rtt: 0n }) });
    const pong = await alice.next('pongResp');
    expect(pong.message.case === 'pongResp' && pong.message.value.lastPingTimestamp).toBe(1234n);
    send(alice, { case: 'addTrack', value: new AddTrackRequest({ cid: 'cam', name: 'camera', type: TrackType.VIDEO, encryption: 2 }) });
    const published = await alice.next('trackPublished');
    if (published.message.case !== 'trackPublished') throw new Error('unreachable');
    expect(published.message.value.cid).toBe('cam');
    expect(published.message.value.track?.sid).toMatch(/^TR_/);
    expect(published.message.value.track?.mimeType).toBe('video/VP8');
    expect(published.message.value.track?.encryption).toBe(2);
  });

  it('updates name and attributes only when the token allows it', async () => {
    const server = await serve();
    const plain = await connect(server, await token('plain'));
    await plain.next('join');
    send(plain, { case: 'updateMetadata', value: new UpdateParticipantMetadata({ name: 'New', requestId: 7 }) });
    const refused = await plain.next('requestResponse');
    expect(refused.message.case === 'requestResponse' && refused.message.value).toMatchObject({ requestId: 7, reason: RequestResponse_Reason.NOT_ALLOWED });

    const allowed = await connect(server, await token('allowed', { canUpdateOwnMetadata: true }));
    await allowed.next('join');
    send(allowed, { case: 'updateMetadata', value: new UpdateParticipantMetadata({ name: 'Ada', attributes: { hand: 'up' }, requestId: 8 }) });
    const self = await allowed.next('update');
    expect(self.message.case === 'update' && self.message.value.participants[0]).toMatchObject({ identity: 'allowed', name: 'Ada', attributes: { hand: 'up' } });
  });

  it('refuses wrong, expired and missing tokens with 401 and a reason from /rtc/validate', async () => {
    const server = await serve();
    await expect(connect(server, await token('eve', { secret: 'not-the-secret' }))).rejects.toThrow(/^401: invalid token/);
    const expired = await token('old', { ttl: -10 });
    await expect(connect(server, expired)).rejects.toThrow(/^401/);
    await expect(connect(server, '')).rejects.toThrow(/^401: no access token/);
    const validate = await fetch(`${server.url}/rtc/validate?access_token=${expired}`);
    expect(validate.status).toBe(401);
    expect(await validate.text()).toMatch(/invalid token/);
    const good = await fetch(`${server.url}/rtc/validate?access_token=${await token('ok')}`);
    expect(good.status).toBe(200);
  });

  it('closes only the connection that sent a malformed frame', async () => {
    const server = await serve();
    const alice = await connect(server, await token('alice'));
    const mallory = await connect(server, await token('mallory'));
    await alice.next('join');
    await mallory.next('join');
    mallory.ws.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const closed = await mallory.closed;
    expect(closed.code).toBe(1007);
    const gone = await alice.next('update');
    expect(gone.message.case === 'update' && gone.message.value.participants[0]?.identity).toBe('mallory');
    send(alice, { case: 'pingReq', value: new Ping({ timestamp: 1n }) });
    await alice.next('pongResp');
    // text frames and oversized frames are refused the same way
    const trudy = await connect(server, await token('trudy'));
    trudy.ws.send('not protobuf');
    expect((await trudy.closed).code).toBe(1007);
    const big = await connect(server, await token('big'));
    big.ws.send(Buffer.alloc(300 * 1024));
    expect((await big.closed).code).toBe(1009);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('replaces a participant that rejoins with the same identity', async () => {
    const server = await serve();
    const first = await connect(server, await token('alice'));
    await first.next('join');
    const second = await connect(server, await token('alice'));
    await second.next('join');
    const leave = await first.next('leave');
    expect(leave.message.case === 'leave' && leave.message.value.reason).toBe(DisconnectReason.DUPLICATE_IDENTITY);
    await first.closed;
  });

  it("keeps the room when its only member is replaced: the next person joins her, and ListRooms shows one room", async () => {
    const server = await serve();
    const first = await connect(server, await token('alice'));
    const firstRoom = join(await first.next('join')).room?.sid;
    const second = await connect(server, await token('alice'));
    expect(join(await second.next('join')).room?.sid).toBe(firstRoom);
    await first.closed;
    const bob = await connect(server, await token('bob'));
    const bobJoin = join(await bob.next('join'));
    expect(bobJoin.room?.sid).toBe(firstRoom);
    expect(bobJoin.otherParticipants.map((p) => p.identity)).toEqual(['alice']);
    // not told that the connection it replaced left: livekit-client would take that info (its sid) for its own
    const update = await second.next('update');
    expect(update.message.case === 'update' && update.message.value.participants.map((p) => p.sid)).toEqual([bobJoin.participant?.sid]);
    const rooms = await new RoomServiceClient(server.url, 'devkey', 'secret').listRooms();
    expect(rooms.map((r) => [r.sid, r.numParticipants])).toEqual([[firstRoom, 2]]);
  });

  it('ends calls at the configured duration with a reason', async () => {
    const server = await serve({ maxCallDurationMs: 800 });
    const alice = await connect(server, await token('alice'));
    await alice.next('join');
    const leave = await alice.next('leave', 3000);
    expect(leave.message.case === 'leave' && leave.message.value.reason).toBe(DisconnectReason.ROOM_CLOSED);
    expect(leave.message.case === 'leave' && leave.message.value.canReconnect).toBe(false);
    await alice.closed;
  });
});

describe('resuming a dropped signalling connection', () => {
  const resume = (server: RunningServer, jwt: string, sid: string, how: 'query' | 'bearer' = 'query') =>
    connect(server, jwt, how, `&reconnect=1&sid=${sid}&reconnect_reason=${ReconnectReason.RR_SIGNAL_DISCONNECTED}`);

  /** Alice and bob in a call; alice's signalling socket then drops unless `keepAlice`. */
  async function callWithDrop(options: ServerOptions = {}, keepAlice = false) {
    const server = await serve(options);
    const aliceToken = await token('alice');
    const alice = await connect(server, aliceToken);
    const aliceSid = join(await alice.next('join')).participant?.sid ?? '';
    const bob = await connect(server, await token('bob'));
    const bobSid = join(await bob.next('join')).participant?.sid ?? '';
    await alice.next('update');
    if (!keepAlice) {
      alice.ws.terminate();
      await alice.closed;
    }
    return { server, aliceToken, alice, aliceSid, bob, bobSid };
  }

  it('keeps the participant through a drop; the resume gets a ReconnectResponse first, then what it missed and everyone now', async () => {
    const { server, aliceToken, aliceSid, bob } = await callWithDrop();
    // carol joins while alice is away: the news is kept for her
    const carol = await connect(server, await token('carol'));
    await carol.next('join');

    const back = await resume(server, aliceToken, aliceSid, 'bearer');
    await expect.poll(() => back.messages.length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = back.messages;
    // livekit-client drops anything that comes before the ReconnectResponse
    expect(first?.message.case).toBe('reconnect');
    expect(first?.message.case === 'reconnect' && first.message.value.clientConfiguration?.resumeConnection).toBe(ClientConfigSetting.ENABLED);
    // then everyone's current state, her own included, with her sid unchanged
    const update = rest.find((m) => m.message.case === 'update' && m.message.value.participants.some((p) => p.identity === 'alice'));
    const infos = update?.message.case === 'update' ? update.message.value.participants : [];
    expect(infos.map((p) => p.identity).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(infos.find((p) => p.identity === 'alice')?.sid).toBe(aliceSid);
    expect(rest.filter((m) => m.message.case === 'update' && m.message.value.participants.some((p) => p.identity === 'carol')).length).toBe(2);
    // bob never heard alice leave
    expect(bob.messages.filter((m) => m.message.case === 'update' && m.message.value.participants.some((p) => p.identity === 'alice' && p.state === ParticipantInfo_State.DISCONNECTED))).toEqual([]);
    const listed = await new RoomServiceClient(server.url, 'devkey', 'secret').listParticipants(ROOM);
    expect(listed.find((p) => p.identity === 'alice')?.sid).toBe(aliceSid);
    send(back, { case: 'pingReq', value: new Ping({ timestamp: 5n }) });
    await back.next('pongResp');
  });

  it("refuses a resume that is not the session's own: another sid, another token for the identity, an unknown session", async () => {
    const { server, aliceToken, aliceSid, bob, bobSid } = await callWithDrop();
    const refusedWith = async (client: Promise<Client>) => {
      const c = await client;
      const leave = await c.next('leave');
      await c.closed;
      return leave.message.case === 'leave' ? [leave.message.value.action, leave.message.value.reason] : [];
    };
    const joinAgain = [LeaveRequest_Action.RECONNECT, DisconnectReason.STATE_MISMATCH];
    // bob's sid with alice's token; alice's sid with a fresh token naming alice; a made-up sid
    expect(await refusedWith(resume(server, aliceToken, bobSid))).toEqual(joinAgain);
    expect(await refusedWith(resume(server, await token('alice', { ttl: '11m' }), aliceSid))).toEqual(joinAgain);
    expect(await refusedWith(resume(server, await token('carol'), 'PA_nobody'))).toEqual(joinAgain);
    // bob with alice's sid: his own token does not name her
    expect(await refusedWith(resume(server, await token('bob'), aliceSid))).toEqual(joinAgain);
    // none of that touched the real sessions
    const back = await resume(server, aliceToken, aliceSid);
    await back.next('reconnect');
    send(bob, { case: 'pingReq', value: new Ping({ timestamp: 1n }) });
    await bob.next('pongResp');
  });

  it('takes over from a socket the server still thinks is open (a one-sided loss)', async () => {
    const { server, aliceToken, alice, aliceSid } = await callWithDrop({}, true);
    const back = await resume(server, aliceToken, aliceSid);
    await back.next('reconnect');
    expect((await alice.closed).code).toBe(1000);
    send(back, { case: 'pingReq', value: new Ping({ timestamp: 2n }) });
    await back.next('pongResp');
    expect((await new RoomServiceClient(server.url, 'devkey', 'secret').listParticipants(ROOM)).map((p) => p.sid)).toContain(aliceSid);
  });

  it('ends the participant when its client does not come back within the grace period', async () => {
    const { server, aliceToken, aliceSid, bob } = await callWithDrop({ resumeGraceMs: 300 });
    const gone = await bob.next('update');
    expect(gone.message.case === 'update' && gone.message.value.participants[0]).toMatchObject({ identity: 'alice', state: ParticipantInfo_State.DISCONNECTED });
    const late = await resume(server, aliceToken, aliceSid);
    expect((await late.next('leave')).message.case).toBe('leave');
  });

  it('tells a resumed client about participants that left while it was away', async () => {
    const { server, aliceToken, aliceSid, bob, bobSid } = await callWithDrop();
    send(bob, { case: 'leave', value: new LeaveRequest({}) });
    await bob.closed;
    const back = await resume(server, aliceToken, aliceSid);
    await back.next('reconnect');
    const updates = async () => {
      const infos = [];
      for (;;) {
        const next = await back.next('update', 1000).catch(() => null);
        if (!next) return infos;
        if (next.message.case === 'update') infos.push(...next.message.value.participants);
      }
    };
    const heard = await updates();
    expect(heard.filter((p) => p.sid === bobSid).map((p) => p.state)).toContain(ParticipantInfo_State.DISCONNECTED);
  });
});

describe('room limits', () => {
  it('admits 100 participants and tells the 101st the room is full', async () => {
    // 101 joins from one address in a moment fit the default join limit (limits/abuse-limits.ts).
    const server = await serve();
    const clients = await Promise.all(Array.from({ length: 100 }, async (_, i) => connect(server, await token(`p${i}`))));
    await Promise.all(clients.map((c) => c.next('join', 20_000)));
    await expect(connect(server, await token('p100'))).rejects.toThrow(/^403: room is full/);
    const validate = await fetch(`${server.url}/rtc/validate?access_token=${await token('p100')}`);
    expect(validate.status).toBe(403);
    expect(await validate.text()).toMatch(/room is full/);
    // another room is unaffected
    const other = await connect(server, await token('q', { room: 'CCCCCCCCCCCCCCCCCCCCCA' }));
    await other.next('join');
  }, 60_000);
});

describe('room limits under concurrent joins', () => {
  it('never admits more than the limit when joins race', async () => {
    const server = await serve({ maxParticipants: 2 });
    const tokens = await Promise.all(['a', 'b', 'c', 'd'].map((id) => token(id)));
    const outcomes = await Promise.all(
      tokens.map(async (jwt) => {
        try {
          const client = await connect(server, jwt);
          const first = await Promise.race([client.next('join', 5000).then(() => 'joined'), client.closed.then((c) => `closed ${c.code}`)]);
          return first;
        } catch (error) {
          return String(error);
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'joined')).toHaveLength(2);
    for (const outcome of outcomes.filter((o) => o !== 'joined')) expect(outcome).toMatch(/403: room is full|closed 1008/);
  });
});

describe('RoomService (Twirp)', () => {
  it('lists rooms and participants and removes one, for API-key holders only', async () => {
    const server = await serve();
    const alice = await connect(server, await token('alice'));
    const bob = await connect(server, await token('bob'));
    await alice.next('join');
    await bob.next('join');
    const service = new RoomServiceClient(server.url, 'devkey', 'secret');
    const rooms = await service.listRooms();
    expect(rooms.map((r) => r.name)).toEqual([ROOM]);
    expect(rooms[0]?.numParticipants).toBe(2);
    const participants = await service.listParticipants(ROOM);
    expect(participants.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
    await service.removeParticipant(ROOM, 'bob');
    const leave = await bob.next('leave');
    expect(leave.message.case === 'leave' && leave.message.value.reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect((await service.listParticipants(ROOM)).map((p) => p.identity)).toEqual(['alice']);
    await expect(service.removeParticipant(ROOM, 'nobody')).rejects.toThrow();
    await service.deleteRoom(ROOM);
    await alice.closed;
    expect(await service.listRooms()).toEqual([]);
    const intruder = new RoomServiceClient(server.url, 'devkey', 'wrong-secret');
    await expect(intruder.listRooms()).rejects.toThrow(/invalid token|unauthenticated/);
  });
});
