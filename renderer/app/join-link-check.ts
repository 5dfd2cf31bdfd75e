import { checkLinkAllowed, type Policy } from '../../shared/policy';
import { parseRoomLink, type RoomLink } from '../../shared/room-link';

export type JoinLinkCheck = { ok: true; link: RoomLink } | { ok: false; reason: 'invalid' | 'policy'; message: string };

/**
 * Every way into a call (pasted, clicked, opened by the OS) goes through this: first the link must be a room link,
 * then the organisation's policy must allow it (no `v1.off` when E2EE is required, only approved hosts).
 */
export function checkJoinLink(text: string, policy: Policy): JoinLinkCheck {
  const parsed = parseRoomLink(text);
  if (!parsed.ok) return { ok: false, reason: 'invalid', message: parsed.error.message };
  const allowed = checkLinkAllowed(parsed.value, policy);
  if (!allowed.ok) return { ok: false, reason: 'policy', message: allowed.error.message };
  return { ok: true, link: parsed.value };
}
