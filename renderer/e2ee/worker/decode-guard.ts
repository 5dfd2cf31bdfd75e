import { defenceOn } from '../defences';
import { AUDIO_WINDOW_TICKS, frameIdOf, ReplayWindow, VIDEO_WINDOW_TICKS, type FrameId } from './replay-window';

/**
 * Wraps one receiving stream of livekit-client's E2EE worker: frames are read on their way in (their IV and size),
 * handed to the SDK's decrypting transform, and checked on their way out. A frame leaves only if it was decrypted
 * (AES-GCM took off at least IV, trailer and tag: an undecrypted frame has its full size) and the replay window has
 * not seen it before. Empty frames (DTX) carry nothing and pass. So no undecrypted frame reaches the decoder, whatever
 * the SDK was told about the sender, and no recorded frame plays twice.
 */

/** IV (12) + IV length and key index (2) + AES-GCM tag (16): what decryption removes from every frame. */
export const ENCRYPTION_OVERHEAD = 30;

interface EncodedFrame {
  data: ArrayBuffer;
  type?: string;
}

interface Seen {
  id: FrameId | null;
  length: number;
}

export interface DecodeStreams {
  readable: ReadableStream;
  writable: WritableStream;
}

/**
 * Frames of one receiving stream: those that went in, and those that came out decrypted and fresh. The difference is
 * what the SDK could not decrypt (no key for the frame's index, or the key did not open it) plus what was refused here.
 */
export interface StreamCounts {
  in: number;
  out: number;
  kind: 'audio' | 'video' | null;
}

/** Returns the streams to give the SDK in place of `streams`; the originals are piped through the checks. */
export function guardDecodeStreams(
  streams: DecodeStreams,
  onRefused: (reason: 'undecrypted' | 'replayed') => void = () => undefined,
  counts: StreamCounts = { in: 0, out: 0, kind: null },
): DecodeStreams {
  const seen = new WeakMap<object, Seen>();
  const audio = new ReplayWindow(AUDIO_WINDOW_TICKS);
  const video = new ReplayWindow(VIDEO_WINDOW_TICKS);
  const incoming = new TransformStream<EncodedFrame, EncodedFrame>({
    transform(frame, controller) {
      seen.set(frame, { id: frameIdOf(frame.data), length: frame.data.byteLength });
      if (frame.data.byteLength > 0) counts.in += 1;
      counts.kind ??= frame.type === undefined ? 'audio' : 'video';
      controller.enqueue(frame);
    },
  });
  const outgoing = new TransformStream<EncodedFrame, EncodedFrame>({
    transform(frame, controller) {
      if (frame.data.byteLength === 0) return controller.enqueue(frame);
      const before = seen.get(frame);
      if (defenceOn('worker-guard') && (!before || before.length - frame.data.byteLength < ENCRYPTION_OVERHEAD)) return onRefused('undecrypted');
      // A frame without an IV never went through livekit-client's encryption; the size check above refuses it.
      if (defenceOn('replay-window') && before?.id && !(frame.type === undefined ? audio : video).accept(before.id)) return onRefused('replayed');
      counts.out += 1;
      controller.enqueue(frame);
    },
  });
  void streams.readable.pipeTo(incoming.writable).catch(() => undefined);
  void outgoing.readable.pipeTo(streams.writable).catch(() => undefined);
  return { readable: incoming.readable, writable: outgoing.writable };
}
