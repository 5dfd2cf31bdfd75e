import { LeaveRequest, SessionDescription, SignalRequest, SignalResponse, SignalTarget } from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../index';
import { silentLogger } from '../log';
import { openSignalling } from '../testing/signalling-join';

const ROOM = 'GGGGGGGGGGGGGGGGGGGGGA';
const servers: RunningServer[] = [];
const closers: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const server of servers.splice(0)) await server.close();
});

/** Four ports somewhere other tests on this machine are unlikely to be. */
function portRange(): { min: number; max: number } {
  const min = 41000 + Math.floor(Math.random() * 2000) * 4;
  return { min, max: min + 3 };
}

async function token(identity: string): Promise<string> {
  const at = new AccessToken('devkey', 'secret', { identity, ttl: '10m' });
  at.addGrant({ room: ROOM, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  return at.toJwt();
}

async function join(server: RunningServer, identity: string): Promise<{ ws: WebSocket; messages: () => SignalResponse[] }> {
  const outcome = await openSignalling(server.wsUrl, await token(identity));
  if (!outcome.joined) throw new Error(`${outcome.status}: ${outcome.body}`);
  closers.push(() => outcome.ws.terminate());
  return { ws: outcome.ws, messages: () => outcome.messages.map((data) => SignalResponse.fromBinary(new Uint8Array(data))) };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('media beyond loopback', () => {
  it('offers only the external address, on ports of the range, and hands clients the TURN server', async () => {
    const range = portRange();
    const server = await startServer({
      port: 0,
      staticDir: '/nonexistent',
      logger: silentLogger,
      externalIp: '127.0.0.1',
      udpPorts: range,
      turn: { urls: ['turns:turn.example.com:5349'], secret: 'coturn-static-auth-secret', ttlS: 3600 },
    });
    servers.push(server);
    const client = await join(server, 'ada');
    const joined = await until(() => client.messages().find((m) => m.message.case === 'join'), 'the join response');
    if (joined.message.case !== 'join') throw new Error('not a join');
    expect(joined.message.value.iceServers).toEqual([expect.objectContaining({ urls: ['turns:turn.example.com:5349'], username: expect.stringMatching(/^\d+:sealroom$/) })]);

    // A werift client offers on the publisher connection; the server's answer and trickle carry its candidates.
    const pc = new RTCPeerConnection({});
    closers.push(() => pc.close());
    pc.createDataChannel('_reliable');
    await pc.setLocalDescription(await pc.createOffer());
    client.ws.send(new SignalRequest({ message: { case: 'offer', value: new SessionDescription({ type: 'offer', sdp: pc.localDescription?.sdp ?? '' }) } }).toBinary());
    const answer = await until(() => client.messages().find((m) => m.message.case === 'answer'), 'the answer');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const candidates = [
      ...(answer.message.case === 'answer' ? answer.message.value.sdp.split('\r\n').filter((line) => line.startsWith('a=candidate:')) : []),
      ...client.messages().flatMap((m) => (m.message.case === 'trickle' && m.message.value.target === SignalTarget.PUBLISHER ? [JSON.parse(m.message.value.candidateInit).candidate as string] : [])),
    ];
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      const [, , , , address, port] = candidate.replace(/^a=/, '').split(' ');
      expect(address).toBe('127.0.0.1');
      expect(Number(port)).toBeGreaterThanOrEqual(range.min);
      expect(Number(port)).toBeLessThanOrEqual(range.max);
    }
  });

  it('refuses a join once the range has no two ports left, and takes joins again when a participant leaves', async () => {
    const server = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger, udpPorts: portRange() });
    servers.push(server);
    const first = await join(server, 'first');
    await join(server, 'second');
    const third = await openSignalling(server.wsUrl, await token('third'));
    expect(third).toMatchObject({ joined: false, status: 503, body: expect.stringMatching(/UDP ports for media \(\d+-\d+\) are all in use/) });
    // A leave, as a client that hangs up sends: a dropped socket would keep its ports through the resume grace.
    first.ws.send(new SignalRequest({ message: { case: 'leave', value: new LeaveRequest({}) } }).toBinary());
    let rejoined = false;
    for (let i = 0; i < 40 && !rejoined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const outcome = await openSignalling(server.wsUrl, await token('third'));
      if (outcome.joined) {
        closers.push(() => outcome.ws.terminate());
        rejoined = true;
      }
    }
    expect(rejoined).toBe(true);
  });
});
