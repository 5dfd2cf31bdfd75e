import { describe, expect, it } from 'vitest';
import { describeDegradation, isCpuLimited, nextDegradation, type CpuSample, type DegradationState } from './cpu-degradation';

const samples = (limited: boolean[], start = 0): CpuSample[] => limited.map((cpuLimited, i) => ({ at: start + i * 2000, cpuLimited }));
const state = (change: Partial<DegradationState> = {}): DegradationState => ({ backgroundOn: true, videoMode: 'normal', lastStepAt: null, ...change });

describe('CPU degradation', () => {
  it('reads CPU limitation from any of the camera encodings (simulcast layers)', () => {
    expect(isCpuLimited([{ qualityLimitationReason: 'none' }, { qualityLimitationReason: 'cpu' }])).toBe(true);
    expect(isCpuLimited([{ qualityLimitationReason: 'bandwidth' }, {}])).toBe(false);
    expect(isCpuLimited([])).toBe(false);
  });

  it('does nothing on a passing spike or too few samples', () => {
    expect(nextDegradation(samples([true, true, true]), state(), 6000)).toBeNull();
    expect(nextDegradation(samples([false, true, false, true]), state(), 8000)).toBeNull();
    expect(nextDegradation(samples([true, true, true, false, false, true]), state(), 12_000)).toBeNull();
  });

  it('pauses the background effect first, then lowers the video, then has nothing left to do', () => {
    const limited = samples(Array(20).fill(true));
    expect(nextDegradation(limited.slice(0, 4), state(), 8000)).toBe('pause-background');
    expect(nextDegradation(limited.slice(0, 4), state({ backgroundOn: false }), 8000)).toBe('lower-video');
    expect(nextDegradation(limited.slice(0, 4), state({ backgroundOn: false, videoMode: 'low' }), 8000)).toBeNull();
    expect(nextDegradation(limited.slice(0, 4), state({ backgroundOn: false, videoMode: 'audio-only' }), 8000)).toBeNull();
  });

  it('waits after a step and judges only samples taken since, so the encoder can recover', () => {
    const limited = samples(Array(20).fill(true));
    const after = state({ backgroundOn: false, lastStepAt: 6000 });
    expect(nextDegradation(limited.slice(0, 8), after, 14_000)).toBeNull(); // settling
    expect(nextDegradation(limited.slice(0, 7), after, 16_000)).toBeNull(); // only 3 samples taken since the step
    expect(nextDegradation(limited.slice(0, 8), after, 16_000)).toBe('lower-video');
    const recovered = samples([true, true, true, true, false, false, false, false]);
    expect(nextDegradation(recovered, state({ backgroundOn: false, lastStepAt: 6000 }), 16_100)).toBeNull();
  });

  it('tells the user what was changed and how to undo it', () => {
    expect(describeDegradation('pause-background')).toMatch(/paused.*Effects/);
    expect(describeDegradation('lower-video')).toMatch(/360p.*Effects/);
  });
});
