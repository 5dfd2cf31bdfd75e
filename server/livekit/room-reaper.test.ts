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
    const reaper = startRoomReaper({ rooms, maxAgeMs: DAY, intervalMs: HOUR, now: () => today, log: (_level, message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) });
    try {
      expect((await rooms.listRooms()).map((room) => room.name).sort()).toEqual([OLD_ROOM, NEW_ROOM].sort());
      await expect(reaper.reapOnce()).resolves.toBe(1);
      expect((await rooms.listRooms()).map((room) => room.name)).toEqual([NEW_ROOM]);
      await closed;
      expect(lines).toEqual([expect.stringMatching(/^room deleted: past the call time limit \{"room":"RM_\w+","ageMinutes":1500\}$/)]);
      await expect(reaper.reapOnce()).resolves.toBe(0);
    } finally {
      reaper.stop();
    }
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
      expect(lines).toEqual([expect.stringContaining('error room reaper: the room service failed')]);
    } finally {
      reaper.stop();
    }
  });
});
