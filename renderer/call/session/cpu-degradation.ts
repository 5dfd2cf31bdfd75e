/**
 * Automatic degradation when this computer cannot encode video fast enough: the WebRTC encoder reports
 * `qualityLimitationReason: 'cpu'` in getStats. A pure decision over the stats samples the call takes every few
 * seconds, so the rules are tested without a browser; `CallEffects` applies the step and tells the user.
 *
 * Steps, cheapest loss first (the order LiveKit Meet's performance optimiser takes): pause the background effect
 * (it costs most), then send lower-quality video (360p, 15 fps). Nothing is switched back automatically; the user
 * can turn each back on.
 */

export interface CpuSample {
  /** When it was taken (ms). */
  at: number;
  /** Any encoding of our camera limited by CPU. */
  cpuLimited: boolean;
}

export type DegradationStep = 'pause-background' | 'lower-video';

export interface DegradationState {
  backgroundOn: boolean;
  videoMode: 'normal' | 'low' | 'audio-only';
  /** When the last step was taken (ms), or null. */
  lastStepAt: number | null;
}

export const DEGRADATION = {
  /** Samples looked at (one every SAMPLE_MS). */
  window: 4,
  /** How many of them must report CPU limitation. */
  limited: 3,
  /** Time after a step before the next one, so the encoder can recover first. */
  settleMs: 10_000,
  sampleMs: 2_000,
} as const;

/** Whether a stats report of our camera's encodings says the CPU limits it. */
export function isCpuLimited(encodings: ReadonlyArray<{ qualityLimitationReason?: string | undefined }>): boolean {
  return encodings.some((encoding) => encoding.qualityLimitationReason === 'cpu');
}

/** The next step to take, if the recent samples show sustained CPU limitation; null otherwise. */
export function nextDegradation(samples: readonly CpuSample[], state: DegradationState, now: number): DegradationStep | null {
  if (state.lastStepAt !== null && now - state.lastStepAt < DEGRADATION.settleMs) return null;
  const recent = samples.filter((sample) => state.lastStepAt === null || sample.at > state.lastStepAt).slice(-DEGRADATION.window);
  if (recent.length < DEGRADATION.window) return null;
  if (recent.filter((sample) => sample.cpuLimited).length < DEGRADATION.limited) return null;
  if (state.backgroundOn) return 'pause-background';
  if (state.videoMode === 'normal') return 'lower-video';
  return null;
}

export function describeDegradation(step: DegradationStep): string {
  return step === 'pause-background'
    ? 'Your computer is too busy to send video with the background effect, so Sealroom paused it. Turn it back on from Effects when the computer is less busy.'
    : 'Your computer is too busy to send full-quality video, so Sealroom lowered it (360p, 15 frames a second). Choose normal quality again from Effects.';
}
