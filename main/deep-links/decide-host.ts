import { checkLinkAllowed, type Policy } from '../../shared/policy';
import type { RoomLink } from '../../shared/room-link';
import type { HostDecision } from './link-router';

/**
 * Policy first: a link it refuses (host outside `allowedLinkHosts`, unencrypted when E2EE is required) is refused.
 * A host on the organisation's allow-list, the default server, or one the user chose "always allow" for opens
 * directly; any other host asks first.
 */
export function decideHost(link: RoomLink, policy: Policy, isTrusted: (host: string) => boolean): HostDecision {
  const check = checkLinkAllowed(link, policy);
  if (!check.ok) return { kind: 'denied', message: check.error.message };
  if (policy.allowedLinkHosts !== undefined || isTrusted(link.host)) return { kind: 'allowed' };
  return { kind: 'ask' };
}
