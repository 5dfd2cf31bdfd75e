/**
 * Probes for E2EE tests and benchmarks, installed into app pages from outside. The app exposes neither keys nor
 * per-frame results, so these patch the page the way a member could patch their own client: a former member who
 * kept every key, and a receiver that counts the frames its E2EE worker could not decrypt.
 */
import type { BrowserContext, Page } from '@playwright/test';

/** A media key as handed to livekit-client's E2EE worker: whose frames it opens, at which key index. */
export interface RecordedKey {
  identity: string;
  keyIndex: number;
  /** The recording page's own key (the one it encrypts with). */
  own: boolean;
  /** The key material, base64. */
  key: string;
}

export interface DecodeCounts {
  /** Frames that entered a receiving E2EE transform. */
  in: number;
  /** Frames the transform dropped: no key for their index, or the key did not open them. */
  dropped: number;
}

export interface FrameCounts {
  /** Receiving transforms set up so far; 0 means the probe saw nothing and its counts mean nothing. */
  streams: number;
  audio: DecodeCounts;
  video: DecodeCounts;
  /** The same per receiving transform, in the order they were set up (one per remote track, reused receivers keep theirs). */
  perStream: DecodeCounts[];
}

declare global {
  interface Window {
    __recordedMediaKeys?: RecordedKey[];
  }
}

/**
 * From the next navigation on, records every media key the page hands to its E2EE worker, with the sender identity
 * and key index. Read them with `recordedMediaKeys`.
 */
export async function recordMediaKeys(page: Page): Promise<void> {
  await allowCompiledHelpers(page);
  await page.addInitScript(() => {
    const recorded: RecordedKey[] = [];
    window.__recordedMediaKeys = recorded;
    const material = new WeakMap<CryptoKey, string>();
    type ImportKey = (format: string, keyData: BufferSource, algorithm: unknown, extractable: boolean, usages: string[]) => Promise<CryptoKey>;
    const importKey = SubtleCrypto.prototype.importKey as unknown as ImportKey;
    const patchedImport: ImportKey = async function (this: SubtleCrypto, format, keyData, algorithm, extractable, usages) {
      // Copied before the call: the key provider wipes its buffer as soon as the import resolves.
      const bytes = format === 'raw' && ArrayBuffer.isView(keyData) ? new Uint8Array(keyData.buffer, keyData.byteOffset, keyData.byteLength).slice() : null;
      const key = await importKey.call(this, format, keyData, algorithm, extractable, usages);
      if (bytes) material.set(key, btoa(String.fromCharCode(...bytes)));
      return key;
    };
    SubtleCrypto.prototype.importKey = patchedImport as unknown as typeof SubtleCrypto.prototype.importKey;

    const postMessage = Worker.prototype.postMessage as (this: Worker, message: unknown, options?: unknown) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, options?: unknown) {
      const { kind, data } = (message ?? {}) as {
        kind?: unknown;
        data?: { participantIdentity?: unknown; keyIndex?: unknown; key?: unknown; isPublisher?: unknown };
      };
      if (kind === 'setKey' && data && data.key instanceof CryptoKey) {
        const key = material.get(data.key);
        if (key) recorded.push({ identity: String(data.participantIdentity), keyIndex: Number(data.keyIndex ?? 0), own: data.isPublisher === true, key });
      }
      postMessage.call(this, message, options);
    } as typeof Worker.prototype.postMessage;
  });
}

/**
 * Scripts run through tsx (the benchmarks) are compiled by esbuild with `keepNames`, which wraps named functions in a
 * `__name(fn, "name")` helper; a function handed to the page then calls a helper the page lacks. This defines it.
 */
async function allowCompiledHelpers(page: Page): Promise<void> {
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((target) => target);' });
}

export async function recordedMediaKeys(page: Page): Promise<RecordedKey[]> {
  return page.evaluate(() => window.__recordedMediaKeys ?? []);
}

/**
 * The current key recorded for each identity: the one at the highest key index (epochs in tests stay far below 256).
 * Not simply the last one recorded: retired slots are overwritten with random keys after a newer key arrived.
 */
export function newestKeys(keys: RecordedKey[]): Map<string, RecordedKey> {
  const newest = new Map<string, RecordedKey>();
  for (const key of keys) {
    const current = newest.get(key.identity);
    if (!current || key.keyIndex >= current.keyIndex) newest.set(key.identity, key);
  }
  return newest;
}

/**
 * Runs first in the E2EE worker: wraps the TransformStreams the worker builds around its bound `decodeFunction` and
 * counts the frames that go in and the frames that never come out.
 */
const WORKER_PRELUDE = `
(() => {
  const counts = { streams: 0, audio: { in: 0, dropped: 0 }, video: { in: 0, dropped: 0 }, perStream: [] };
  globalThis.__sealroomFrameCounts = counts;
  const Native = globalThis.TransformStream;
  globalThis.TransformStream = class extends Native {
    constructor(transformer, ...rest) {
      const transform = transformer && transformer.transform;
      if (typeof transform === 'function' && transform.name === 'bound decodeFunction') {
        counts.streams++;
        const stream = { in: 0, dropped: 0 };
        counts.perStream.push(stream);
        transformer = {
          ...transformer,
          async transform(frame, controller) {
            const kind = typeof RTCEncodedVideoFrame !== 'undefined' && frame instanceof RTCEncodedVideoFrame ? counts.video : counts.audio;
            kind.in++;
            stream.in++;
            let out = false;
            await transform(frame, {
              enqueue(chunk) { out = true; controller.enqueue(chunk); },
              error(reason) { controller.error(reason); },
              terminate() { controller.terminate(); },
              get desiredSize() { return controller.desiredSize; },
            });
            if (!out) {
              kind.dropped++;
              stream.dropped++;
            }
          },
        };
      }
      super(transformer, ...rest);
    }
  };
})();
`;

/** The app's E2EE worker script (renderer/e2ee/worker), as Vite names it. */
const E2EE_WORKER_SCRIPT = /\/assets\/sealroom-e2ee-worker-[^/]*\.js$/;

/** livekit-client's E2EE worker source with the frame counter in front (for the harness, which loads the stock worker from a string; the app's worker counts by itself: `decodeStreams`). */
export function withFrameCounter(workerSource: string): string {
  return WORKER_PRELUDE + workerSource;
}

/** What the page's E2EE worker counted; throws when no worker of the page carries the counter. */
export async function frameCounts(page: Page): Promise<FrameCounts> {
  for (const worker of page.workers()) {
    const counts = await worker.evaluate(() => (globalThis as { __sealroomFrameCounts?: FrameCounts }).__sealroomFrameCounts ?? null);
    if (counts) return counts;
  }
  throw new Error('frameCounts: no worker of the page carries the frame counter (install it before the call starts)');
}

declare global {
  interface Window {
    __peerConnections?: RTCPeerConnection[];
    /** Remote MediaStreamTrack id → the msid stream the server named it with: `PA_<participant>|TR_<track>`. */
    __remoteTrackStreams?: Record<string, string>;
  }
}

/** From the next navigation on, keeps every RTCPeerConnection the page makes and which stream each remote track came in. */
export async function watchPeerConnections(page: Page): Promise<void> {
  await allowCompiledHelpers(page);
  await page.addInitScript(() => {
    const connections: RTCPeerConnection[] = [];
    const streams: Record<string, string> = {};
    window.__peerConnections = connections;
    window.__remoteTrackStreams = streams;
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        connections.push(this);
        this.addEventListener('track', (event) => {
          streams[event.track.id] = event.streams[0]?.id ?? '';
        });
      }
    } as typeof RTCPeerConnection;
  });
}

export interface InboundTrack {
  kind: 'audio' | 'video';
  packetsReceived: number;
  framesDecoded: number;
  /** Audio samples that came out of the decoder (received minus concealed): what could be heard. */
  samplesDecoded: number;
}

/** Inbound RTP per server track sid (`TR_…`), at a page watched with `watchPeerConnections`. */
export async function inboundByTrackSid(page: Page): Promise<Record<string, InboundTrack>> {
  return page.evaluate(async () => {
    const out: Record<string, { kind: 'audio' | 'video'; packetsReceived: number; framesDecoded: number; samplesDecoded: number }> = {};
    for (const connection of window.__peerConnections ?? []) {
      if (connection.connectionState === 'closed') continue;
      const report = await connection.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type !== 'inbound-rtp') return;
        const stream = window.__remoteTrackStreams?.[String(stat.trackIdentifier)] ?? '';
        const sid = stream.split('|')[1] ?? `unknown:${String(stat.trackIdentifier)}`;
        const entry = (out[sid] ??= { kind: stat.kind === 'audio' ? 'audio' : 'video', packetsReceived: 0, framesDecoded: 0, samplesDecoded: 0 });
        entry.packetsReceived += Number(stat.packetsReceived ?? 0);
        entry.framesDecoded += Number(stat.framesDecoded ?? 0);
        entry.samplesDecoded += Number(stat.totalSamplesReceived ?? 0) - Number(stat.concealedSamples ?? 0);
      });
    }
    return out;
  });
}

/** The colour at the centre of a participant's tile video, or null when the tile shows no video. */
export async function tileColor(page: Page, identity: string): Promise<[number, number, number] | null> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid="participant-tile"][data-identity="${id}"] video`);
    if (!video || video.videoWidth === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(video, 0, 0);
    const [r, g, b] = context.getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height / 2), 1, 1).data;
    return [r ?? 0, g ?? 0, b ?? 0];
  }, identity);
}

/** What the app's E2EE worker guard refused so far (frames that left the SDK undecrypted, replayed frames). */
export async function decodeRefusals(page: Page): Promise<{ undecrypted: number; replayed: number }> {
  for (const worker of page.workers()) {
    const refusals = await worker.evaluate(() => (globalThis as { __sealroomDecodeRefusals?: { undecrypted: number; replayed: number } }).__sealroomDecodeRefusals ?? null);
    if (refusals) return { ...refusals };
  }
  return { undecrypted: 0, replayed: 0 };
}

/**
 * Switches the named defences off in every page of the context and in its E2EE worker. Only the bench's testable
 * build (dist/renderer-testable) reads the switch; the app's build ignores it (scripts/renderer-build.test.ts).
 */
export async function switchDefencesOffIn(context: BrowserContext, defences: readonly string[]): Promise<void> {
  const setting = `globalThis.__sealroomDefencesOff = ${JSON.stringify(defences)};\n`;
  await context.addInitScript(setting);
  await context.route(E2EE_WORKER_SCRIPT, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: setting + (await response.text()) });
  });
}

export interface ReceivingStreamCounts {
  participant: string;
  trackId: string;
  kind: 'audio' | 'video' | null;
  /** Frames that reached the app's E2EE worker on this stream, and frames that left it decrypted and fresh. */
  in: number;
  out: number;
}

/** The app's E2EE worker's counts per receiving stream (renderer/e2ee/worker/install-guards.ts). */
export async function decodeStreams(page: Page): Promise<ReceivingStreamCounts[]> {
  for (const worker of page.workers()) {
    const streams = await worker.evaluate(() => (globalThis as { __sealroomDecodeStreams?: ReceivingStreamCounts[] }).__sealroomDecodeStreams ?? null);
    if (streams) return streams.map((stream) => ({ ...stream }));
  }
  return [];
}
