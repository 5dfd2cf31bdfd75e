import { renderTone, type SoundKind } from './tones';

/** The slice of AudioContext the player needs (with Chromium's setSinkId, which picks the speaker). */
export interface SoundContext {
  readonly sampleRate: number;
  readonly state: AudioContextState;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBuffer;
  createBufferSource(): AudioBufferSourceNode;
  setSinkId?(sinkId: string): Promise<void>;
}

export interface SoundPlayer {
  /** Plays a sound once through `sinkId` ('' is the system default); resolves when it has started. */
  play(kind: SoundKind, sinkId: string): Promise<void>;
}

/** One AudioContext for every sound, made on first use; each sound is rendered once and kept. */
export function createSoundPlayer(createContext: () => SoundContext = () => new AudioContext() as unknown as SoundContext): SoundPlayer {
  let context: SoundContext | null = null;
  let currentSink = '';
  const buffers = new Map<SoundKind, AudioBuffer>();
  const bufferFor = (ctx: SoundContext, kind: SoundKind) => {
    let buffer = buffers.get(kind);
    if (!buffer) {
      const samples = renderTone(kind, ctx.sampleRate);
      buffer = ctx.createBuffer(1, samples.length, ctx.sampleRate);
      buffer.getChannelData(0).set(samples);
      buffers.set(kind, buffer);
    }
    return buffer;
  };
  return {
    async play(kind, sinkId) {
      context ??= createContext();
      const ctx = context;
      if (sinkId !== currentSink && ctx.setSinkId) {
        // A speaker that went away plays through the default instead of not at all.
        await ctx.setSinkId(sinkId).catch(() => ctx.setSinkId?.(''));
        currentSink = sinkId;
      }
      if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
      const source = ctx.createBufferSource();
      source.buffer = bufferFor(ctx, kind);
      source.connect(ctx.destination);
      source.start();
    },
  };
}

/** The app's one player. */
export const sounds: SoundPlayer = createSoundPlayer();
