import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { switchDefencesOff } from '../defences';
import { ENCRYPTION_OVERHEAD, guardDecodeStreams } from './decode-guard';
import { frameIdOf, ReplayWindow, timestampDistance, VIDEO_WINDOW_TICKS } from './replay-window';

/** A frame in livekit-client's encrypted layout: header | ciphertext | IV (ssrc, ts, tail) | 12 | key index. */
function encryptedFrame(ssrc: number, timestamp: number, tail: number, payload = 40, video = true) {
  const data = new ArrayBuffer(payload + ENCRYPTION_OVERHEAD);
  const view = new DataView(data);
  view.setUint32(payload + 16, ssrc);
  view.setUint32(payload + 20, timestamp);
  view.setUint32(payload + 24, tail);
  view.setUint8(payload + 28, 12);
  view.setUint8(payload + 29, 1);
  return video ? { data, type: 'delta' } : { data };
}

/** What livekit-client's decrypting transform does to a frame it opened: same object, shorter data. */
const decrypt = (frame: { data: ArrayBuffer }) => {
  frame.data = frame.data.slice(0, frame.data.byteLength - ENCRYPTION_OVERHEAD);
  return frame;
};

/** Runs frames through the guard around a stand-in for the SDK transform; returns the frames that came out. */
async function throughGuard<F extends { data: ArrayBuffer }>(frames: F[], sdk: (frame: F) => F | null): Promise<F[]> {
  const source = new ReadableStream<F>({
    start(controller) {
      for (const frame of frames) controller.enqueue(frame);
      controller.close();
    },
  });
  const out: F[] = [];
  const sink = new WritableStream<F>({ write: (frame) => void out.push(frame) });
  const guarded = guardDecodeStreams({ readable: source, writable: sink });
  await guarded.readable
    .pipeThrough(new TransformStream<F, F>({ transform: (frame, controller) => { const result = sdk(frame); if (result) controller.enqueue(result); } }))
    .pipeTo(guarded.writable);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return out;
}

let restore: (() => void) | null = null;
afterEach(() => restore?.());

describe('decode guard in the E2EE worker', () => {
  it('lets decrypted frames through once, and refuses replays of them', async () => {
    const first = encryptedFrame(7, 1000, 5);
    const again = encryptedFrame(7, 1000, 5);
    const next = encryptedFrame(7, 4000, 6);
    const out = await throughGuard([first, again, next], decrypt);
    expect(out).toEqual([first, next]);
  });

  it('refuses a frame that left the SDK undecrypted (a participant the server marked unencrypted), and passes empty frames', async () => {
    const plaintext = { data: new Uint8Array([0x10, 1, 2, 3, 4, 5, 6, 7]).buffer, type: 'key' };
    const empty = { data: new ArrayBuffer(0) };
    const out = await throughGuard([plaintext, empty, encryptedFrame(1, 10, 1)], (frame) => (frame.data.byteLength > 40 ? decrypt(frame) : frame));
    expect(out.map((frame) => frame.data.byteLength)).toEqual([0, 40]);
  });

  it('refuses frames far older than the newest of their SSRC, even if never seen', async () => {
    const newest = encryptedFrame(3, 5_000_000, 1);
    const recent = encryptedFrame(3, 5_000_000 - 90_000, 2);
    const ancient = encryptedFrame(3, 5_000_000 - VIDEO_WINDOW_TICKS - 1, 3);
    const out = await throughGuard([newest, recent, ancient], decrypt);
    expect(out).toEqual([newest, recent]);
  });

  it('with the defences off (bench only) passes replays and undecrypted frames, as the SDK alone does', async () => {
    restore = switchDefencesOff(['worker-guard', 'replay-window']);
    const plaintext = { data: new Uint8Array([0x10, 1, 2, 3]).buffer, type: 'key' };
    const out = await throughGuard([encryptedFrame(7, 1000, 5), encryptedFrame(7, 1000, 5), plaintext], (frame) => (frame.data.byteLength > 40 ? decrypt(frame) : frame));
    expect(out).toHaveLength(3);
  });
});

describe('ReplayWindow', () => {
  it('reads the IV livekit-client writes, and nothing from a frame without one', () => {
    expect(frameIdOf(encryptedFrame(0xdeadbeef, 0xffffffff, 9).data)).toEqual({ ssrc: 0xdeadbeef, timestamp: 0xffffffff, tail: 9 });
    expect(frameIdOf(new Uint8Array([1, 2, 3]).buffer)).toBeNull();
  });

  it('handles RTP timestamp wrap-around', () => {
    expect(timestampDistance(5, 0xfffffffb)).toBe(10);
    const window = new ReplayWindow(1000);
    expect(window.accept({ ssrc: 1, timestamp: 0xffffff00, tail: 1 })).toBe(true);
    expect(window.accept({ ssrc: 1, timestamp: 0x10, tail: 2 })).toBe(true);
    expect(window.accept({ ssrc: 1, timestamp: 0xffffff00, tail: 1 })).toBe(false);
    expect(window.accept({ ssrc: 1, timestamp: 0xffffff00 - 2000, tail: 3 })).toBe(false);
  });

  it('property: any delivery order accepts each frame at most once, and every in-window frame the first time', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 400 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), (order, ssrcs) => {
        const window = new ReplayWindow(VIDEO_WINDOW_TICKS);
        const accepted = new Set<string>();
        for (const [i, n] of order.entries()) {
          const id = { ssrc: ssrcs[i % ssrcs.length]!, timestamp: n * 3000, tail: n };
          const key = `${id.ssrc}/${n}`;
          const fresh = window.accept(id);
          if (accepted.has(key)) expect(fresh).toBe(false);
          // 200 frames of 3000 ticks stay within the 10 s window, so nothing new is refused.
          else expect(fresh).toBe(true);
          if (fresh) accepted.add(key);
        }
      }),
      { numRuns: 200 },
    );
  });
});
