import { formatRoomLink, parseRoomLink, type RoomLink } from '../shared/room-link';

/**
 * Holds a room link that arrived before the renderer could take it (cold start, open-url before ready). Only a
 * parsed link is kept and only its canonical form travels on, so no raw OS input reaches the renderer.
 */
export function createPendingLink() {
  let pending: RoomLink | null = null;
  return {
    offer(input: unknown): boolean {
      const parsed = parseRoomLink(input);
      if (!parsed.ok) return false;
      pending = parsed.value;
      return true;
    },
    take(): string | null {
      const link = pending;
      pending = null;
      return link ? formatRoomLink(link, 'web') : null;
    },
  };
}
