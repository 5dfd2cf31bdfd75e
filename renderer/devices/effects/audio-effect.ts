import type { LocalAudioTrack, TrackProcessor, Track, AudioProcessorOptions } from 'livekit-client';
import { RnnoiseProcessor } from './rnnoise-processor';
import { describeEffectFailure, type EffectStatus } from './video-effect';

export type ProcessableAudioTrack = Pick<LocalAudioTrack, 'setProcessor' | 'stopProcessor' | 'getProcessor'>;
export type NoiseProcessorFactory = () => TrackProcessor<Track.Kind.Audio, AudioProcessorOptions>;

/**
 * Noise suppression of one published microphone track: on sets the RNNoise processor (livekit-client then sends
 * its output instead of the raw track), off removes it and the raw track is sent again. A processor that cannot
 * start leaves the raw track, with a message.
 */
export class NoiseSuppression {
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly track: ProcessableAudioTrack,
    private readonly onStatus: (status: EffectStatus) => void,
    private readonly createProcessor: NoiseProcessorFactory = () => new RnnoiseProcessor(),
  ) {}

  apply(on: boolean): Promise<void> {
    this.current = this.current.then(() => this.applyNow(on));
    return this.current;
  }

  private async applyNow(on: boolean): Promise<void> {
    if (!on) {
      if (this.track.getProcessor()) await this.track.stopProcessor().catch(() => undefined);
      this.onStatus({ state: 'off' });
      return;
    }
    if (this.track.getProcessor()) return this.onStatus({ state: 'on' });
    this.onStatus({ state: 'starting' });
    try {
      await this.track.setProcessor(this.createProcessor());
      this.onStatus({ state: 'on' });
    } catch (error) {
      if (this.track.getProcessor()) await this.track.stopProcessor().catch(() => undefined);
      this.onStatus({ state: 'failed', message: describeEffectFailure('noise', error) });
    }
  }
}
