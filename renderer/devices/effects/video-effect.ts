import type { BackgroundProcessorWrapper, SwitchBackgroundProcessorOptions } from '@livekit/track-processors';
import type { LocalVideoTrack } from 'livekit-client';
import type { BackgroundChoice } from '../../../shared/settings';
import { backgroundPictureUrl } from './bundled-backgrounds';
import { EFFECT_ASSETS } from './effect-assets';
import { KeepUpMonitor } from './keep-up';

/** What a background effect is doing, for the views. */
export type EffectStatus = { state: 'off' } | { state: 'starting' } | { state: 'on' } | { state: 'failed'; message: string };

/** The part of a LocalVideoTrack an effect needs (livekit-client's processor API), so tests can substitute it. */
export type ProcessableVideoTrack = Pick<LocalVideoTrack, 'setProcessor' | 'stopProcessor' | 'getProcessor'>;

export interface BackgroundProcessorHandle {
  processor: Parameters<LocalVideoTrack['setProcessor']>[0];
  switchTo(choice: BackgroundChoice): Promise<void>;
}

/** Makes the processor; the default is @livekit/track-processors with the bundled WASM and model on the CPU. */
export type BackgroundProcessorFactory = (choice: BackgroundChoice, onFrameMs: (ms: number) => void) => Promise<BackgroundProcessorHandle>;

export const BLUR_RADIUS = 12;

function modeFor(choice: BackgroundChoice): SwitchBackgroundProcessorOptions {
  const picture = backgroundPictureUrl(choice);
  if (picture) return { mode: 'virtual-background', imagePath: picture };
  return choice.kind === 'blur' ? { mode: 'background-blur', blurRadius: BLUR_RADIUS } : { mode: 'disabled' };
}

/** Loaded on first use (MediaPipe's bundle is large, and most calls never turn an effect on). */
export const createTrackProcessorsBackground: BackgroundProcessorFactory = async (choice, onFrameMs) => {
  const { BackgroundProcessor, supportsBackgroundProcessors } = await import('@livekit/track-processors');
  if (!supportsBackgroundProcessors()) throw new EffectUnsupportedError('this browser has no WebGL 2 or insertable streams');
  const processor: BackgroundProcessorWrapper = BackgroundProcessor({
    ...modeFor(choice),
    // Local files only: the library's defaults are a CDN for the WASM and a public bucket for the model.
    assetPaths: { tasksVisionFileSet: EFFECT_ASSETS.visionWasmDir, modelAssetPath: EFFECT_ASSETS.segmentationModel },
    // The CPU delegate (XNNPACK) works everywhere, with or without a usable GPU.
    segmenterOptions: { delegate: 'CPU' },
    onFrameProcessed: (stats) => onFrameMs(stats.processingTimeMs),
  } as Parameters<typeof BackgroundProcessor>[0]);
  return { processor, switchTo: (next) => processor.switchTo(modeFor(next)) };
};

export class EffectUnsupportedError extends Error {
  override name = 'EffectUnsupportedError';
}

/** Turns a failure to start an effect into what the user reads. */
export function describeEffectFailure(what: 'background' | 'noise', error: unknown): string {
  const effect = what === 'background' ? 'Background effects' : 'Noise suppression';
  const sent = what === 'background' ? 'Your camera is sent without them.' : 'Your microphone is sent without it.';
  const reason = error instanceof EffectUnsupportedError ? `: ${error.message}` : error instanceof Error && error.message ? ` (${error.message.split('\n')[0]!.slice(0, 160)})` : '';
  return `${effect} could not start here${reason}. ${sent}`;
}

/**
 * The background effect of one camera track (the lobby's preview or the call's published camera). `apply` sets,
 * switches or removes the processor; a processor that fails to start, or cannot keep up with the camera
 * (`KeepUpMonitor`), is removed and the track goes on unprocessed, with a message in the status.
 */
export class VideoEffect {
  private handle: BackgroundProcessorHandle | null = null;
  private current: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly track: ProcessableVideoTrack,
    private readonly onStatus: (status: EffectStatus) => void,
    private readonly createProcessor: BackgroundProcessorFactory = createTrackProcessorsBackground,
    private readonly monitor: () => KeepUpMonitor = () => new KeepUpMonitor(),
  ) {}

  get processing(): boolean {
    return this.handle !== null;
  }

  /** Applies a choice; calls are queued, so the last one wins. */
  apply(choice: BackgroundChoice): Promise<void> {
    this.current = this.current.then(() => this.applyNow(choice));
    return this.current;
  }

  /** Removes the processor (the capture track is left running). */
  dispose(): Promise<void> {
    this.disposed = true;
    this.current = this.current.then(() => this.remove());
    return this.current;
  }

  private async applyNow(choice: BackgroundChoice): Promise<void> {
    if (this.disposed) return;
    if (choice.kind === 'none') {
      await this.remove();
      this.onStatus({ state: 'off' });
      return;
    }
    if (this.handle) {
      await this.handle.switchTo(choice);
      this.onStatus({ state: 'on' });
      return;
    }
    this.onStatus({ state: 'starting' });
    const monitor = this.monitor();
    let gaveUp = false;
    try {
      const handle = await this.createProcessor(choice, (ms) => {
        if (gaveUp || !monitor.record(ms)) return;
        gaveUp = true;
        void this.fallBack(handle, `Background effects were turned off: this computer took ${Math.round(monitor.typicalMs)} ms a frame, too slow for smooth video. Your camera is sent without them.`);
      });
      this.handle = handle;
      await this.track.setProcessor(handle.processor);
      if (!gaveUp) this.onStatus({ state: 'on' });
    } catch (error) {
      await this.remove();
      this.onStatus({ state: 'failed', message: describeEffectFailure('background', error) });
    }
  }

  private fallBack(handle: BackgroundProcessorHandle, message: string): Promise<void> {
    this.current = this.current.then(async () => {
      if (this.handle !== handle) return;
      await this.remove();
      this.onStatus({ state: 'failed', message });
    });
    return this.current;
  }

  private async remove(): Promise<void> {
    if (!this.handle) return;
    this.handle = null;
    if (this.track.getProcessor()) await this.track.stopProcessor().catch(() => undefined);
  }
}
