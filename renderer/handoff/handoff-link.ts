import { formatRoomLink, type RoomLink } from '../../shared/room-link';

/**
 * The web build opened at /r/<room>: offer the desktop app. The sealroom:// link carries the same host, path and
 * fragment; the fragment never reaches a server in either form.
 */
export function handoffLink(shell: 'electron' | 'web', pathname: string, link: RoomLink): string | null {
  if (shell !== 'web' || !pathname.startsWith('/r/')) return null;
  return formatRoomLink(link, 'sealroom');
}
