import { bytesEqual, toBase64Url } from './bytes';
import { defenceOn } from './defences';
import type { PeerHello } from './handshake';

/**
 * The one session each identity has in this call, fixed by the first valid hello seen for it.
 *
 * - A hello that reuses that session's nonce must repeat its transcript (name, keys, nonce, start) byte for byte;
 *   anything else is a protocol violation: a link holder copying a member's nonce with its own keys, so that pair
 *   keys would silently move to it. Pair keys are only ever derived from the stored hello.
 * - A hello with another nonce for a known identity is a violation too. Sealroom never starts a second session under
 *   one identity (a rejoin fetches a new token and so a new identity), so a second session can only be someone
 *   trying to take over a member's place. Without this rule a claimed start time ordered sessions, and a link holder
 *   could displace any member for the rest of the call with a far-future start.
 *
 * Sessions stay registered after their member leaves, so a late or replayed hello can never open a new session for
 * that identity. The registry is bounded (oldest departed identities go first) so a server inventing participants
 * cannot grow it without limit.
 */

export type SessionVerdict =
  | { kind: 'known'; session: PeerHello }
  | { kind: 'new'; session: PeerHello }
  /** Same nonce, other transcript: dropped, and shown to the user. */
  | { kind: 'conflict'; session: PeerHello }
  /** Another session for an identity that already has one. */
  | { kind: 'second-session'; session: PeerHello };

export const MAX_REMEMBERED_IDENTITIES = 1024;

export class SessionRegistry {
  private readonly sessions = new Map<string, PeerHello>();

  constructor(private readonly limit = MAX_REMEMBERED_IDENTITIES) {}

  /** Classifies a verified hello; registers it when it is the identity's first. `isPresent` protects current members from eviction. */
  admit(hello: PeerHello, isPresent: (identity: string) => boolean): SessionVerdict {
    const known = this.sessions.get(hello.identity);
    if (!known) {
      this.evictFor(isPresent);
      this.sessions.set(hello.identity, hello);
      return { kind: 'new', session: hello };
    }
    if (bytesEqual(known.nonce, hello.nonce)) {
      if (bytesEqual(known.transcript, hello.transcript) || !defenceOn('session-binding')) return { kind: 'known', session: known };
      return { kind: 'conflict', session: known };
    }
    if (!defenceOn('single-session') && isNewerSession(hello, known)) {
      this.sessions.set(hello.identity, hello);
      return { kind: 'new', session: hello };
    }
    return { kind: 'second-session', session: known };
  }

  get(identity: string): PeerHello | undefined {
    return this.sessions.get(identity);
  }

  get size(): number {
    return this.sessions.size;
  }

  private evictFor(isPresent: (identity: string) => boolean): void {
    if (this.sessions.size < this.limit) return;
    for (const identity of this.sessions.keys()) {
      if (isPresent(identity)) continue;
      this.sessions.delete(identity);
      return;
    }
  }
}

/** The previous protocol's ordering by claimed start time, kept only for the bench's defence-off runs. */
function isNewerSession(candidate: PeerHello, current: PeerHello): boolean {
  if (candidate.startedAt !== current.startedAt) return candidate.startedAt > current.startedAt;
  return toBase64Url(candidate.nonce) > toBase64Url(current.nonce);
}
