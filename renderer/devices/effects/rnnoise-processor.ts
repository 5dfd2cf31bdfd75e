import rnnoiseWorklet from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import rnnoiseWasm from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import rnnoiseSimdWasm from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';
import type { RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor';
import type { AudioProcessorOptions, Track, TrackProcessor } from 'livekit-client';

/** Loaded on first use: the library defines its worklet nodes as soon as it is evaluated. */
const library = () => import('@sapphi-red/web-noise-suppressor');

/** RNNoise works on 48 kHz audio; the processor runs its own context at that rate (Chromium resamples the mic). */
const SAMPLE_RATE = 48_000;

let wasm: Promise<ArrayBuffer> | null = null;
/** The WebAssembly is fetched once, from the app's own files (hashed by the build). */
function rnnoiseBinary(): Promise<ArrayBuffer> {
  wasm ??= library().then(({ loadRnnoise }) => loadRnnoise({ url: rnnoiseWasm, simdUrl: rnnoiseSimdWasm })).catch((error: unknown) => {
    wasm = null;
    throw error;
  });
  return wasm;
}

/**
 * Noise suppression for a microphone track, as a livekit-client audio processor: mic → RNNoise (an AudioWorklet
 * running @sapphi-red/web-noise-suppressor's WebAssembly) → a new track, which livekit-client publishes (and the
 * E2EE worker encrypts) in place of the raw one. Also usable on its own for the lobby's preview (`init` with the
 * track).
 */
export class RnnoiseProcessor implements TrackProcessor<Track.Kind.Audio, AudioProcessorOptions> {
  readonly name = 'sealroom-rnnoise';
  processedTrack?: MediaStreamTrack;
  private context: AudioContext | null = null;
  private node: RnnoiseWorkletNode | null = null;

  async init({ track }: Pick<AudioProcessorOptions, 'track'>): Promise<void> {
    const context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
    this.context = context;
    try {
      const [{ RnnoiseWorkletNode }, binary] = await Promise.all([library(), rnnoiseBinary(), context.audioWorklet.addModule(rnnoiseWorklet)]);
      const source = context.createMediaStreamSource(new MediaStream([track]));
      const node = new RnnoiseWorkletNode(context, { maxChannels: 1, wasmBinary: binary });
      const destination = context.createMediaStreamDestination();
      source.connect(node).connect(destination);
      this.node = node;
      this.processedTrack = destination.stream.getAudioTracks()[0];
      if (context.state === 'suspended') await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, 500))]);
    } catch (error) {
      await this.destroy();
      throw error;
    }
  }

  async restart(options: AudioProcessorOptions): Promise<void> {
    await this.destroy();
    await this.init(options);
  }

  async destroy(): Promise<void> {
    this.node?.destroy();
    this.node?.disconnect();
    this.node = null;
    this.processedTrack?.stop();
    this.processedTrack = undefined;
    const context = this.context;
    this.context = null;
    if (context && context.state !== 'closed') await context.close().catch(() => undefined);
  }
}
