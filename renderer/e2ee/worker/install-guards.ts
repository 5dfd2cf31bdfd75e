import { defenceOn } from '../defences';
import { guardDecodeStreams, type DecodeStreams, type StreamCounts } from './decode-guard';
import { DECODE_COUNTS_KIND, type DecodeCountsReply } from './decode-counts-message';

/**
 * Runs in livekit-client's E2EE worker before the SDK's own code (see `sealroom-e2ee-worker.ts`). The SDK installs
 * its handlers by assigning `onmessage` and `onrtctransform`; these setters wrap them so that:
 * - every receiving stream (`decode` messages on Chromium's encoded-streams path, `decode` transforms on the
 *   RTCRtpScriptTransform path) goes through `guardDecodeStreams`;
 * - server-controlled switches are ignored: the "server injected frame" trailer, ratchet requests, and the packet
 *   trailer flag (it would make the SDK strip bytes the server chose before decrypting).
 * Refusals are counted in `__sealroomDecodeRefusals`, and frames per receiving stream (with the participant it
 * currently carries) in `__sealroomDecodeStreams`, on the worker's global, for tests and benchmarks; the page reads
 * the same counts for its call statistics by posting `{ kind: DECODE_COUNTS_KIND }` (answered here, never seen by the SDK).
 */

type Handler = (event: { data: unknown }) => void;
type TransformHandler = (event: { transformer: { readable: ReadableStream; writable: WritableStream; options: Record<string, unknown> } }) => void;

export interface DecodeRefusals {
  undecrypted: number;
  replayed: number;
}

export interface ReceivingStream extends StreamCounts {
  /** The participant whose frames the stream carries now (a reused receiver is re-pointed at the next sender). */
  participant: string;
  trackId: string;
}

function guardMessage(data: unknown, count: (reason: keyof DecodeRefusals) => void, streams: ReceivingStream[]): unknown | null {
  const { kind, data: payload } = (data ?? {}) as { kind?: unknown; data?: Record<string, unknown> };
  const guard = defenceOn('worker-guard');
  if (guard && (kind === 'setSifTrailer' || kind === 'ratchetRequest')) return null;
  if (!payload) return data;
  const trailer = guard ? { hasPacketTrailer: false } : {};
  if (kind === 'decode') {
    const stream: ReceivingStream = { in: 0, out: 0, kind: null, participant: String(payload.participantIdentity ?? ''), trackId: String(payload.trackId ?? '') };
    streams.push(stream);
    const guarded = guardDecodeStreams({ readable: payload.readableStream as ReadableStream, writable: payload.writableStream as WritableStream }, count, stream);
    return { kind, data: { ...payload, readableStream: guarded.readable, writableStream: guarded.writable, ...trailer } };
  }
  if (kind === 'updateCodec') {
    const stream = streams.find((s) => s.trackId === String(payload.previousTrackId ?? payload.trackId ?? ''));
    if (stream) Object.assign(stream, { participant: String(payload.participantIdentity ?? stream.participant), trackId: String(payload.trackId ?? stream.trackId) });
    return { kind, data: { ...payload, ...trailer } };
  }
  return data;
}

/** The native accessor: WebIDL puts a global interface's attributes on the global object itself, others on a prototype. */
function nativeSetter(scope: object, name: string): ((value: unknown) => void) | undefined {
  for (let target: object | null = scope; target; target = Object.getPrototypeOf(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (descriptor) return descriptor.set;
  }
  return undefined;
}

function wrapSetter<T>(scope: object, name: string, wrap: (handler: T) => T): void {
  const native = nativeSetter(scope, name);
  let current: T | null = null;
  Object.defineProperty(scope, name, {
    configurable: true,
    get: () => current,
    set: (handler: T | null) => {
      current = handler;
      native?.call(scope, handler === null ? null : wrap(handler));
    },
  });
}

/** Installs the guards on a worker global (`globalThis` in the worker; a stand-in in tests). */
export function installGuards(scope: object): DecodeRefusals {
  const refusals: DecodeRefusals = { undecrypted: 0, replayed: 0 };
  const count = (reason: keyof DecodeRefusals) => {
    refusals[reason] += 1;
  };
  const streams: ReceivingStream[] = [];
  (scope as Record<string, unknown>).__sealroomDecodeRefusals = refusals;
  (scope as Record<string, unknown>).__sealroomDecodeStreams = streams;
  const reply = (scope as { postMessage?: (message: DecodeCountsReply) => void }).postMessage;
  wrapSetter<Handler>(scope, 'onmessage', (handler) => (event) => {
    if ((event.data as { kind?: unknown } | null)?.kind === DECODE_COUNTS_KIND) {
      const counts = streams.map(({ participant, trackId, kind, in: taken, out }) => ({ participant, trackId, kind, in: taken, out }));
      return reply?.call(scope, { kind: DECODE_COUNTS_KIND, data: { streams: counts, refusals: { ...refusals } } });
    }
    const data = guardMessage(event.data, count, streams);
    if (data !== null) handler({ data });
  });
  wrapSetter<TransformHandler>(scope, 'onrtctransform', (handler) => (event) => {
    const { transformer } = event;
    if (transformer.options.kind !== 'decode') return handler(event);
    const stream: ReceivingStream = { in: 0, out: 0, kind: null, participant: String(transformer.options.participantIdentity ?? ''), trackId: String(transformer.options.trackId ?? '') };
    streams.push(stream);
    const guarded: DecodeStreams = guardDecodeStreams({ readable: transformer.readable, writable: transformer.writable }, count, stream);
    const trailer = defenceOn('worker-guard') ? { hasPacketTrailer: false } : {};
    handler({ transformer: { readable: guarded.readable, writable: guarded.writable, options: { ...transformer.options, ...trailer } } });
  });
  return refusals;
}
