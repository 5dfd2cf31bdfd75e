import { parseRoomLink, type RoomLink, type RoomLinkErrorCode } from '../../shared/room-link';

export type ArgvLink =
  | { kind: 'none' }
  | { kind: 'link'; link: RoomLink }
  /** Something link-shaped was there but must not be opened; `reason` is safe to log (never the input). */
  | { kind: 'rejected'; reason: RoomLinkErrorCode | 'switch-after-link' | 'several-links' };

/** An argument that is, or tries to smuggle, a link: any mention of our scheme, or an http(s) URL. */
const LINK_LIKE = /sealroom:|^https?:\/\//i;

/**
 * Finds the room link in a command line (cold start on Windows/Linux, or a second instance's argv).
 *
 * Never "the last argument": the OS puts the link wherever its handler template says, Chromium adds switches of
 * its own, and in development argv also holds the app path. The shape we accept is exactly one link-like
 * argument and no switch after it. A link that closes its quotes early (CVE-2018-1000006: `sealroom://x" --switch`)
 * splits into a broken link followed by switches, and is refused as a whole rather than half-opened.
 */
export function findLinkInArgv(argv: readonly string[]): ArgvLink {
  const at = argv.findIndex((arg) => LINK_LIKE.test(arg));
  if (at === -1) return { kind: 'none' };
  const rest = argv.slice(at + 1);
  if (rest.some((arg) => LINK_LIKE.test(arg))) return { kind: 'rejected', reason: 'several-links' };
  if (rest.some((arg) => arg.trimStart().startsWith('-'))) return { kind: 'rejected', reason: 'switch-after-link' };
  const parsed = parseRoomLink(argv[at]);
  return parsed.ok ? { kind: 'link', link: parsed.value } : { kind: 'rejected', reason: parsed.error.code };
}
