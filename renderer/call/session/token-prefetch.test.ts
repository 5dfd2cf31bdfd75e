import { describe, expect, it } from 'vitest';
import { parseRoomLink, type RoomLink } from '../../../shared/room-link';
import { prefetchToken, withPrefetched } from './token-prefetch';

const link = (fragment: string, room = 'AAECAwQFBgcICQoLDA0ODw'): RoomLink => {
  const parsed = parseRoomLink(`http://127.0.0.1:7880/r/${room}#${fragment}`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};
const SECRET = 'v1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('token prefetch', () => {
  it('uses a fresh prefetched token for the same room once, and asks again after that', async () => {
    let calls = 0;
    const fetch = async () => ({ serverUrl: 'ws://x', participantToken: `t${++calls}` });
    let now = 1000;
    prefetchToken(fetch, link(SECRET), now);
    const fetchToken = withPrefetched(fetch, () => now);
    now += 5000;
    expect((await fetchToken(link(SECRET), undefined)).participantToken).toBe('t1');
    expect((await fetchToken(link(SECRET), undefined)).participantToken).toBe('t2');
  });

  it('never prefetches for a call without encryption, and ignores a stale or other-room token', async () => {
    let calls = 0;
    const fetch = async () => ({ serverUrl: 'ws://x', participantToken: `t${++calls}` });
    prefetchToken(fetch, link('v1.off'), 0);
    expect(calls).toBe(0);
    let now = 0;
    const fetchToken = withPrefetched(fetch, () => now);
    prefetchToken(fetch, link(SECRET), 0);
    now = 61_000;
    expect((await fetchToken(link(SECRET), undefined)).participantToken).toBe('t2');
    prefetchToken(fetch, link(SECRET), now);
    expect((await fetchToken(link(SECRET, 'BAECAwQFBgcICQoLDA0ODw'), undefined)).participantToken).toBe('t4');
  });

  it('falls back to a new request when the prefetch failed', async () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      if (calls === 1) throw new Error('offline');
      return { serverUrl: 'ws://x', participantToken: 'fresh' };
    };
    prefetchToken(fetch, link(SECRET), 0);
    expect((await withPrefetched(fetch, () => 1)(link(SECRET), undefined)).participantToken).toBe('fresh');
  });
});
