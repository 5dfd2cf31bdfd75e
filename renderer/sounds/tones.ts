/**
 * The call's sounds, made here rather than shipped as files: each is a few soft sine notes with a short fade in and
 * out, rendered into one buffer, so one sound is one buffer played once.
 */

export type SoundKind = 'join' | 'leave' | 'hand' | 'chat' | 'test';

interface Note {
  /** Hz. */
  frequency: number;
  /** Seconds from the start of the sound. */
  at: number;
  duration: number;
}

const PEAK = 0.25;
const FADE_S = 0.012;

/** Rising for arrivals, falling for departures, a double tap for a hand, a single high blip for chat. */
export const TONES: Record<SoundKind, readonly Note[]> = {
  join: [
    { frequency: 523.25, at: 0, duration: 0.12 },
    { frequency: 783.99, at: 0.11, duration: 0.18 },
  ],
  leave: [
    { frequency: 659.25, at: 0, duration: 0.12 },
    { frequency: 440, at: 0.11, duration: 0.18 },
  ],
  hand: [
    { frequency: 880, at: 0, duration: 0.09 },
    { frequency: 880, at: 0.16, duration: 0.09 },
  ],
  chat: [{ frequency: 1046.5, at: 0, duration: 0.1 }],
  test: [
    { frequency: 523.25, at: 0, duration: 0.2 },
    { frequency: 659.25, at: 0.2, duration: 0.2 },
    { frequency: 783.99, at: 0.4, duration: 0.35 },
  ],
};

/** How long a sound lasts, in seconds. */
export function toneDuration(kind: SoundKind): number {
  return Math.max(...TONES[kind].map((note) => note.at + note.duration));
}

/** The sound's samples (mono, -PEAK…PEAK), silent at both ends so it never clicks. */
export function renderTone(kind: SoundKind, sampleRate: number): Float32Array {
  const samples = new Float32Array(Math.ceil(toneDuration(kind) * sampleRate));
  for (const note of TONES[kind]) {
    const first = Math.round(note.at * sampleRate);
    const count = Math.round(note.duration * sampleRate);
    const fade = Math.max(1, Math.round(FADE_S * sampleRate));
    for (let i = 0; i < count && first + i < samples.length; i += 1) {
      const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
      samples[first + i]! += PEAK * envelope * Math.sin((2 * Math.PI * note.frequency * i) / sampleRate);
    }
  }
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.max(-PEAK, Math.min(PEAK, samples[i]!));
  return samples;
}
