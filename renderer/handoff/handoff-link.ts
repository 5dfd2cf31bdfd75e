import { formatRoomLink, parseRoomLink } from '../../shared/room-link';

/**
 * The web build opened at /r/<room>: offer the desktop app. The sealroom:// link carries the same host, path and
 * fragment; the fragment never reaches a server in either form.
 */
export function handoffLink(shell: 'electron' | 'web', pathname: string, link: string): string | null {
  if (shell !== 'web' || !pathname.startsWith('/r/')) return null;
  const parsed = parseRoomLink(link);
  return parsed.ok ? formatRoomLink(parsed.value, 'sealroom') : null;
}
