import type { RoomLink } from '../../../shared/room-link';
import type { TokenFetcher } from './factories';

/**
 * The lobby asks for the call's token while the person is still choosing devices, so Join does not wait for it. Only
 * for encrypted calls: their token request carries nothing but the room (a call without encryption sends the name,
 * which is typed in the lobby). A prefetched token is used once, and only within a minute.
 */
const FRESH_MS = 60_000;

interface Prefetched {
  key: string;
  at: number;
  token: ReturnType<TokenFetcher>;
}

let prefetched: Prefetched | null = null;
const keyOf = (link: RoomLink) => `${link.origin}/${link.room}`;

export function prefetchToken(fetch: TokenFetcher, link: RoomLink, now = Date.now()): void {
  if (!link.e2ee) return;
  const token = fetch(link, undefined);
  // A failed prefetch is not an error yet: Join asks again and reports what went wrong then.
  token.catch(() => undefined);
  prefetched = { key: keyOf(link), at: now, token };
}

/** Wraps a token fetcher so that a fresh prefetched token for the same room is used first. */
export function withPrefetched(fetch: TokenFetcher, now: () => number = Date.now): TokenFetcher {
  return async (link, participantName) => {
    const taken = prefetched;
    prefetched = null;
    if (taken && participantName === undefined && taken.key === keyOf(link) && now() - taken.at < FRESH_MS) {
      try {
        return await taken.token;
      } catch {
        // Fall through to a new request, whose error is the one worth showing.
      }
    }
    return fetch(link, participantName);
  };
}
