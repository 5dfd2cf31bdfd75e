import { AccessToken } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../index';
import { silentLogger } from '../log';
import { openSignalling } from '../testing/signalling-join';
import { livekitRoomService } from './livekit-rooms';
import { startRoomReaper } from './room-reaper';

const OLD_ROOM = 'EEEEEEEEEEEEEEEEEEEEEA';
const NEW_ROOM = 'FFFFFFFFFFFFFFFFFFFFFA';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const servers: RunningServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const server of servers.splice(0)) await server.close();
});

async function join(server: RunningServer, room: string): Promise<WebSocket> {
  const at = new AccessToken('devkey', 'secret', { identity: `in-${room}`, ttl: '10m' });
  at.addGrant({ room, roomJoin: true });
  const outcome = await openSignalling(server.wsUrl, await at.toJwt());
  if (!outcome.joined) throw new Error(`join refused: ${outcome.body}`);
  sockets.push(outcome.ws);
  return outcome.ws;
}

describe('the 24-hour room reaper', () => {
  it('deletes, through RoomService, the rooms created more than 24 h ago and no other', async () => {
    const today = Date.UTC(2030, 0, 2, 12);
    let serverClock = today - DAY - HOUR;
    const server = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger, now: () => serverClock });
    servers.push(server);
    const oldMember = await join(server, OLD_ROOM);
    const closed = new Promise<number>((resolve) => oldMember.once('close', (code) => resolve(code)));
    serverClock = today - HOUR;
    await join(server, NEW_ROOM);

    const lines: string[] = [];
    const rooms = livekitRoomService(server.wsUrl, 'devkey', 'secret');
    expect((await rooms.listRooms()).map((room) => room.name).sort()).toEqual([OLD_ROOM, NEW_ROOM].sort());
    const reaper = startRoomReaper({ rooms, maxAgeMs: DAY, intervalMs: HOUR, now: () => today, log: (_level, message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) });
    try {
      // The pass it makes at start.
      await expect(reaper.reapOnce()).resolves.toBe(1);
      expect((await rooms.listRooms()).map((room) => room.name)).toEqual([NEW_ROOM]);
      await closed;
      expect(lines).toEqual([
        'room reaper: rooms older than the call limit are deleted {"maxAgeHours":24,"intervalS":3600}',
        expect.stringMatching(/^room deleted: past the call time limit \{"room":"RM_\w+","ageMinutes":1500\}$/),
      ]);
      await expect(reaper.reapOnce()).resolves.toBe(0);
    } finally {
      reaper.stop();
    }
  });

  it('is started by the token service in front of a LiveKit (here the local server\'s RoomService), unless turned off', async () => {
    const today = Date.UTC(2030, 0, 2, 12);
    let livekitClock = today - DAY - HOUR;
    const livekit = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger, now: () => livekitClock });
    servers.push(livekit);
    await join(livekit, OLD_ROOM);
    livekitClock = today - HOUR;
    await join(livekit, NEW_ROOM);
    const rooms = livekitRoomService(livekit.wsUrl, 'devkey', 'secret');
    const names = async () => (await rooms.listRooms()).map((room) => room.name).sort();
    const front = (roomReaper: boolean, lines: string[]) =>
      startServer({ port: 0, staticDir: '/nonexistent', livekitUrl: livekit.wsUrl, roomReaper, now: () => today, logger: (level, message) => lines.push(`${level} ${message}`) });

    const offLines: string[] = [];
    servers.push(await front(false, offLines));
    expect(offLines).toContain('warn room reaper off: calls on LiveKit are not ended at the time limit by this service (the app still leaves at 24 h)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await names()).toEqual([OLD_ROOM, NEW_ROOM].sort());

    const onLines: string[] = [];
    servers.push(await front(true, onLines));
    for (let i = 0; i < 50 && (await names()).length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await names()).toEqual([NEW_ROOM]);
    expect(onLines).toContain('info room deleted: past the call time limit');
  });

  it('reports a room service that fails once, not at every pass, and keeps trying', async () => {
    const server = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger });
    const url = server.wsUrl;
    await server.close();
    const lines: string[] = [];
    const reaper = startRoomReaper({ rooms: livekitRoomService(url, 'devkey', 'secret'), maxAgeMs: DAY, intervalMs: HOUR, log: (level, message) => lines.push(`${level} ${message}`) });
    try {
      await expect(reaper.reapOnce()).rejects.toThrow();
      await expect(reaper.reapOnce()).rejects.toThrow();
      expect(lines.filter((line) => line.startsWith('error'))).toEqual([expect.stringContaining('error room reaper: the room service failed')]);
    } finally {
      reaper.stop();
    }
  });
});
