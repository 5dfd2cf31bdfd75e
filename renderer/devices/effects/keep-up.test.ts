import { describe, expect, it } from 'vitest';
import { KeepUpMonitor } from './keep-up';

const options = { budgetMs: 100, window: 5, warmUp: 2 };

describe('KeepUpMonitor', () => {
  it('ignores the warm-up frames and waits for a full window', () => {
    const monitor = new KeepUpMonitor(options);
    expect([900, 900, 150, 150, 150, 150].map((ms) => monitor.record(ms))).toEqual([false, false, false, false, false, false]);
    expect(monitor.record(150)).toBe(true);
    expect(monitor.typicalMs).toBe(150);
  });

  it('tolerates occasional slow frames while the typical frame is within budget', () => {
    const monitor = new KeepUpMonitor(options);
    const verdicts = [50, 50, 40, 400, 45, 60, 500, 40, 50, 55].map((ms) => monitor.record(ms));
    expect(verdicts.some(Boolean)).toBe(false);
  });

  it('gives up once most recent frames are over budget', () => {
    const monitor = new KeepUpMonitor(options);
    const verdicts = [50, 50, 50, 50, 50, 50, 50, 200, 210, 220].map((ms) => monitor.record(ms));
    expect(verdicts.indexOf(true)).toBe(9);
  });
});
