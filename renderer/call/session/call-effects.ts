import { RoomEvent, Track, type LocalAudioTrack, type LocalTrackPublication, type LocalVideoTrack, type Room } from 'livekit-client';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackgroundChoice, VideoMode } from '../../../shared/settings';
import {
  cameraResolution,
  microphoneProcessing,
  NoiseSuppression,
  VideoEffect,
  type BackgroundProcessorFactory,
  type EffectChoices,
  type EffectStatus,
  type NoiseProcessorFactory,
  type ProcessableAudioTrack,
  type ProcessableVideoTrack,
} from '../../devices/effects';
import type { CallClock } from './call-time-limit';
import { DEGRADATION, describeDegradation, isCpuLimited, nextDegradation, type CpuSample } from './cpu-degradation';

/** What the effects menu draws: the choices in force in this call, and how each processor is doing. */
export interface EffectsState extends EffectChoices {
  backgroundStatus: EffectStatus;
  noiseStatus: EffectStatus;
  /** What the automatic degradation changed, in words, newest last. */
  degraded: string[];
}

export function createEffectsStore(choices: EffectChoices): StoreApi<EffectsState> {
  return createStore<EffectsState>(() => ({ ...choices, backgroundStatus: { state: 'off' }, noiseStatus: { state: 'off' }, degraded: [] }));
}

/** Test seams: the processors (defaults: @livekit/track-processors and RNNoise). */
export interface EffectFactories {
  createBackground?: BackgroundProcessorFactory;
  createNoiseProcessor?: NoiseProcessorFactory;
}

/** What the effects need from the receive policy: audio-only receives no video. */
export interface VideoReceiving {
  setVideoReceived(received: boolean): void;
}

/** The parts of the published tracks the effects use (a LocalVideoTrack / LocalAudioTrack in the app). */
export type EffectsVideoTrack = ProcessableVideoTrack & Pick<LocalVideoTrack, 'kind' | 'isMuted' | 'mediaStreamTrack' | 'restartTrack' | 'getSenderStats'>;
export type EffectsAudioTrack = ProcessableAudioTrack & Pick<LocalAudioTrack, 'kind' | 'mediaStreamTrack' | 'restartTrack'>;

export type EffectsRoom = Pick<Room, 'localParticipant' | 'on' | 'off'>;

/**
 * The call's video and audio processing, owned by the `CallSession`: puts the chosen background effect on the
 * published camera and RNNoise on the published microphone (whenever they are published), switches them live,
 * applies the capture choices (echo cancellation, auto gain, video mode), and watches the encoder: sustained
 * `qualityLimitationReason: 'cpu'` pauses the background effect, then lowers the video, and says so.
 * Everything runs before the E2EE worker encrypts the frames: livekit-client encodes the processed track.
 */
export class CallEffects {
  private video: { track: EffectsVideoTrack; effect: VideoEffect } | null = null;
  private audio: { track: EffectsAudioTrack; effect: NoiseSuppression } | null = null;
  private readonly samples: CpuSample[] = [];
  private lastStepAt: number | null = null;
  private readonly interval: unknown;
  private sampling = false;
  private stopped = false;

  constructor(
    private readonly room: EffectsRoom,
    readonly store: StoreApi<EffectsState>,
    private readonly options: { clock: CallClock; receiving: VideoReceiving; factories?: EffectFactories },
  ) {
    room.on(RoomEvent.LocalTrackPublished, this.onPublished);
    room.on(RoomEvent.LocalTrackUnpublished, this.onUnpublished);
    for (const publication of room.localParticipant.trackPublications.values()) this.onPublished(publication);
    if (store.getState().videoMode === 'audio-only') options.receiving.setVideoReceived(false);
    this.interval = options.clock.setInterval(() => void this.sample(), DEGRADATION.sampleMs);
  }

  stop(): void {
    this.stopped = true;
    this.room.off(RoomEvent.LocalTrackPublished, this.onPublished);
    this.room.off(RoomEvent.LocalTrackUnpublished, this.onUnpublished);
    this.options.clock.clearInterval(this.interval);
  }

  async setBackground(background: BackgroundChoice): Promise<void> {
    this.store.setState({ background });
    await this.video?.effect.apply(background);
  }

  async setNoiseSuppression(on: boolean): Promise<void> {
    this.store.setState({ noiseSuppression: on });
    await this.audio?.effect.apply(on);
  }

  /** Echo cancellation and auto gain are capture settings: the microphone is opened again with them. */
  async setMicrophoneProcessing(change: Partial<Pick<EffectChoices, 'echoCancellation' | 'autoGainControl'>>): Promise<void> {
    this.store.setState(change);
    const track = this.audio?.track;
    if (!track) return;
    const deviceId = track.mediaStreamTrack.getSettings().deviceId;
    await track.restartTrack({ ...microphoneProcessing(this.store.getState()), ...(deviceId ? { deviceId } : {}) });
  }

  /** Normal or lower quality changes what the camera captures; audio-only also turns the camera off and receives no video. */
  async setVideoMode(videoMode: VideoMode): Promise<void> {
    this.store.setState({ videoMode });
    this.options.receiving.setVideoReceived(videoMode !== 'audio-only');
    if (videoMode === 'audio-only') {
      await this.room.localParticipant.setCameraEnabled(false);
      return;
    }
    await this.restartCamera(videoMode);
  }

  private async restartCamera(videoMode: 'normal' | 'low'): Promise<void> {
    const track = this.video?.track;
    if (!track || track.isMuted) return;
    const deviceId = track.mediaStreamTrack.getSettings().deviceId;
    await track.restartTrack({ resolution: cameraResolution(videoMode), ...(deviceId ? { deviceId } : {}) });
  }

  private readonly onPublished = (publication: LocalTrackPublication): void => {
    const track = publication.track;
    if (publication.source === Track.Source.Camera && track?.kind === Track.Kind.Video) {
      const video: EffectsVideoTrack = track as LocalVideoTrack;
      const effect = new VideoEffect(video, (backgroundStatus) => this.store.setState({ backgroundStatus }), this.options.factories?.createBackground);
      this.video = { track: video, effect };
      const { background, videoMode } = this.store.getState();
      void effect.apply(background);
      if (videoMode === 'low') void this.restartCamera('low');
    } else if (publication.source === Track.Source.Microphone && track?.kind === Track.Kind.Audio) {
      const audio: EffectsAudioTrack = track as LocalAudioTrack;
      const effect = new NoiseSuppression(audio, (noiseStatus) => this.store.setState({ noiseStatus }), this.options.factories?.createNoiseProcessor);
      this.audio = { track: audio, effect };
      void effect.apply(this.store.getState().noiseSuppression);
    }
  };

  private readonly onUnpublished = (publication: LocalTrackPublication): void => {
    if (this.video && (publication.track as EffectsVideoTrack | undefined) === this.video.track) {
      void this.video.effect.dispose();
      this.video = null;
    }
    if (this.audio && (publication.track as EffectsAudioTrack | undefined) === this.audio.track) this.audio = null;
  };

  /** One stats sample of the camera's encoder; applies the next degradation step when the samples call for one. */
  private async sample(): Promise<void> {
    const track = this.video?.track;
    if (!track || track.isMuted || this.sampling || this.stopped) return;
    this.sampling = true;
    try {
      const encodings = await track.getSenderStats();
      const now = this.options.clock.now();
      this.samples.push({ at: now, cpuLimited: isCpuLimited(encodings) });
      this.samples.splice(0, Math.max(0, this.samples.length - DEGRADATION.window * 4));
      const state = this.store.getState();
      const step = nextDegradation(this.samples, { backgroundOn: this.video?.effect.processing ?? false, videoMode: state.videoMode, lastStepAt: this.lastStepAt }, now);
      if (!step || this.stopped) return;
      this.lastStepAt = now;
      this.store.setState({ degraded: [...state.degraded, describeDegradation(step)] });
      if (step === 'pause-background') await this.setBackground({ kind: 'none' });
      else await this.setVideoMode('low');
    } catch {
      // Stats are best effort: a sender that is being replaced has none for a moment.
    } finally {
      this.sampling = false;
    }
  }
}
