import { describe, expect, it } from 'vitest';
import { renderTone, toneDuration, TONES, type SoundKind } from './tones';

describe('call sounds', () => {
  it.each(Object.keys(TONES) as SoundKind[])('%s is short, soft and silent at both ends', (kind) => {
    const samples = renderTone(kind, 48_000);
    expect(samples.length).toBe(Math.ceil(toneDuration(kind) * 48_000));
    expect(toneDuration(kind)).toBeLessThan(1);
    const peak = samples.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    expect(peak).toBeGreaterThan(0.1);
    expect(peak).toBeLessThanOrEqual(0.25);
    expect(Math.abs(samples[0]!)).toBeLessThan(0.01);
    expect(Math.abs(samples.at(-1)!)).toBeLessThan(0.01);
  });

  it('tells arrivals from departures: join rises, leave falls', () => {
    const [joinFirst, joinLast] = [TONES.join[0]!, TONES.join.at(-1)!];
    const [leaveFirst, leaveLast] = [TONES.leave[0]!, TONES.leave.at(-1)!];
    expect(joinLast.frequency).toBeGreaterThan(joinFirst.frequency);
    expect(leaveLast.frequency).toBeLessThan(leaveFirst.frequency);
  });
});
