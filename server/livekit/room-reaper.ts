import { describe } from '../describe';
import type { Logger } from '../log';

/** What the reaper reads of a listed room (LiveKit's `Room`). */
export interface ListedRoom {
  sid: string;
  name: string;
  creationTime: bigint;
  creationTimeMs: bigint;
}

/** The part of livekit-server-sdk's RoomServiceClient the reaper uses (ListRooms, DeleteRoom). */
export interface ReapableRooms {
  listRooms(): Promise<ListedRoom[]>;
  deleteRoom(name: string): Promise<void>;
}

export interface RoomReaperOptions {
  rooms: ReapableRooms;
  /** Rooms older than this are deleted (24 h: the call limit the app warns about and enforces). */
  maxAgeMs: number;
  /** How often to look; a room lives at most maxAgeMs + intervalMs. */
  intervalMs: number;
  now?: () => number;
  log: Logger;
}

export interface RoomReaper {
  /** One pass: deletes every room past its age; resolves with how many went. */
  reapOnce(): Promise<number>;
  stop(): void;
}

/** When a room was created, in ms, from LiveKit's `creation_time_ms` or, on older servers, `creation_time` (s). */
function createdAtMs(room: ListedRoom): number | null {
  if (room.creationTimeMs > 0n) return Number(room.creationTimeMs);
  if (room.creationTime > 0n) return Number(room.creationTime) * 1000;
  return null;
}

/**
 * The 24-hour limit on a real LiveKit, which knows nothing of it: the token service lists the rooms through
 * RoomService and deletes those older than the limit, which disconnects everyone in them. The app ends its calls at
 * 24 h by itself; this is the guarantee for clients that do not.
 */
export function startRoomReaper(options: RoomReaperOptions): RoomReaper {
  const now = options.now ?? Date.now;
  let failing = false;
  let running: Promise<number> | null = null;

  const pass = async (): Promise<number> => {
    const rooms = await options.rooms.listRooms();
    let deleted = 0;
    for (const room of rooms) {
      const created = createdAtMs(room);
      if (created === null || now() - created < options.maxAgeMs) continue;
      await options.rooms.deleteRoom(room.name);
      deleted++;
      options.log('info', 'room deleted: past the call time limit', { room: room.sid, ageMinutes: Math.floor((now() - created) / 60_000) });
    }
    return deleted;
  };

  const reapOnce = (): Promise<number> => {
    running ??= pass()
      .then(
        (deleted) => {
          if (failing) options.log('info', 'room reaper: the room service answers again');
          failing = false;
          return deleted;
        },
        (error: unknown) => {
          // Logged once per outage, not once a minute.
          if (!failing) options.log('error', 'room reaper: the room service failed (rooms past the time limit stay until it answers)', { error: describe(error) });
          failing = true;
          throw error;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  // A pass at once, so a restarted service does not leave overdue rooms for another interval.
  reapOnce().catch(() => {});
  const timer = setInterval(() => reapOnce().catch(() => {}), options.intervalMs);
  timer.unref();
  options.log('info', 'room reaper: rooms older than the call limit are deleted', { maxAgeHours: options.maxAgeMs / 3_600_000, intervalS: options.intervalMs / 1000 });
  return { reapOnce, stop: () => clearInterval(timer) };
}
