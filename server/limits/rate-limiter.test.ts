import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill interval, saying when to come back', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perMinute: 2 }, () => now);
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 30, firstRefusal: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 30, firstRefusal: false });
    expect(limiter.take('b')).toEqual({ ok: true });
    now += 15_000;
    expect(limiter.peek('a')).toEqual({ ok: false, retryAfterS: 15, firstRefusal: false });
    now += 15_000;
    expect(limiter.peek('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toMatchObject({ ok: false, firstRefusal: true });
  });

  it('forgets the least recently seen client beyond its size', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('c')).toMatchObject({ ok: false });
  });
});

describe('clientKey', () => {
  it('counts IPv4 addresses one by one and IPv6 by /64', () => {
    expect(clientKey('203.0.113.5')).toBe('203.0.113.5');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
