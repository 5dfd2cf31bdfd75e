import { describe, expect, it } from 'vitest';
import { JoinRateLimiter } from './join-limits';

describe('JoinRateLimiter', () => {
  it('allows a burst per address, then refills at the rate, each address on its own', () => {
    const limiter = new JoinRateLimiter(3, 2);
    expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1', 0))).toEqual([true, true, true, false]);
    expect(limiter.take('10.0.0.2', 0)).toBe(true);
    expect(limiter.retryAfterSeconds('10.0.0.1', 0)).toBe(1);
    expect(limiter.take('10.0.0.1', 400)).toBe(false);
    expect(limiter.take('10.0.0.1', 500)).toBe(true);
    expect(limiter.retryAfterSeconds('10.0.0.1', 10_000)).toBe(0);
  });

  it('remembers a bounded number of addresses, forgetting full buckets first', () => {
    const limiter = new JoinRateLimiter(2, 1, 3);
    limiter.take('busy', 0);
    limiter.take('busy', 0);
    for (const address of ['a', 'b', 'c', 'd', 'e']) limiter.take(address, 5000);
    // 'busy' refilled by then and counts as new again; what is left is at most 3 addresses
    expect(limiter.take('busy', 5000)).toBe(true);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(3);
  });
});
