/**
 * Which decrypted frames of one receiving stream are fresh. A frame is named by the IV livekit-client's sender put in
 * its trailer: SSRC (4 bytes), RTP timestamp (4), and a send counter mixed with the timestamp (4). The IV is the
 * AES-GCM nonce, so a frame that decrypted carries the IV its sender chose: the server cannot change it without
 * breaking decryption. A frame is accepted at most once, and not at all when its timestamp is more than the window
 * behind the newest accepted frame of its SSRC; so recorded frames cannot be played again, whatever RTP headers the
 * server puts around them.
 */

export interface FrameId {
  ssrc: number;
  timestamp: number;
  tail: number;
}

/** 10 s of RTP time at each clock rate: far longer than any jitter buffer or reordering, far shorter than a recording. */
export const AUDIO_WINDOW_TICKS = 48_000 * 10;
export const VIDEO_WINDOW_TICKS = 90_000 * 10;

interface SsrcState {
  newest: number;
  /** Accepted (timestamp, tail) pairs still within the window, with their timestamp. */
  seen: Map<string, number>;
  acceptedSincePrune: number;
}

/** Signed distance a - b between two 32-bit RTP timestamps (serial-number arithmetic). */
export function timestampDistance(a: number, b: number): number {
  return (a - b) | 0;
}

export class ReplayWindow {
  private readonly streams = new Map<number, SsrcState>();

  constructor(private readonly windowTicks: number) {}

  /** True when the frame is fresh (and records it); false for a repeated or far-old frame. */
  accept(id: FrameId): boolean {
    let state = this.streams.get(id.ssrc);
    if (!state) {
      state = { newest: id.timestamp, seen: new Map(), acceptedSincePrune: 0 };
      this.streams.set(id.ssrc, state);
    }
    const distance = timestampDistance(id.timestamp, state.newest);
    if (distance < -this.windowTicks) return false;
    const key = `${id.timestamp}:${id.tail}`;
    if (state.seen.has(key)) return false;
    state.seen.set(key, id.timestamp);
    if (distance > 0) state.newest = id.timestamp;
    if (++state.acceptedSincePrune >= 256) this.prune(state);
    return true;
  }

  /** Entries that fell out of the window can never be accepted again anyway: forget them. */
  private prune(state: SsrcState): void {
    state.acceptedSincePrune = 0;
    for (const [key, timestamp] of state.seen) {
      if (timestampDistance(timestamp, state.newest) < -this.windowTicks) state.seen.delete(key);
    }
  }
}

/** The IV from a livekit-client encrypted frame: `payload | IV | IV length | key index`; null if it has none. */
export function frameIdOf(data: ArrayBuffer): FrameId | null {
  const bytes = new Uint8Array(data);
  if (bytes.length < 2) return null;
  const ivLength = bytes[bytes.length - 2]!;
  if (ivLength !== 12 || bytes.length < ivLength + 2) return null;
  const view = new DataView(data, bytes.length - 2 - ivLength, ivLength);
  return { ssrc: view.getUint32(0), timestamp: view.getUint32(4), tail: view.getUint32(8) };
}
