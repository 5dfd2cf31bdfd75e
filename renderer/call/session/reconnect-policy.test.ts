import { describe, expect, it } from 'vitest';
import { FAST_RETRY_WINDOW_MS, GIVE_UP_AFTER_MS, SealroomReconnectPolicy } from './reconnect-policy';

describe('SealroomReconnectPolicy', () => {
  it('retries at once, then about every 0.3 s for the first half minute, spread by ±30 %', () => {
    const low = new SealroomReconnectPolicy(() => 0);
    const high = new SealroomReconnectPolicy(() => 0.999);
    expect(low.nextRetryDelayInMs({ retryCount: 0, elapsedMs: 0 })).toBe(0);
    expect(high.nextRetryDelayInMs({ retryCount: 0, elapsedMs: 0 })).toBeLessThanOrEqual(300);
    for (const retryCount of [1, 5, 20]) {
      expect(low.nextRetryDelayInMs({ retryCount, elapsedMs: 5_000 })).toBe(210);
      expect(high.nextRetryDelayInMs({ retryCount, elapsedMs: 5_000 })).toBe(390);
    }
  });

  it('backs off after the fast window and gives up after a minute and a half', () => {
    const policy = new SealroomReconnectPolicy(() => 0.5);
    expect(policy.nextRetryDelayInMs({ retryCount: 40, elapsedMs: FAST_RETRY_WINDOW_MS })).toBe(2_500);
    expect(policy.nextRetryDelayInMs({ retryCount: 60, elapsedMs: GIVE_UP_AFTER_MS - 1 })).toBe(2_500);
    expect(policy.nextRetryDelayInMs({ retryCount: 61, elapsedMs: GIVE_UP_AFTER_MS })).toBeNull();
  });
});
