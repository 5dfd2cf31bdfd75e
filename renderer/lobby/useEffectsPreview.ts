import { LocalVideoTrack } from 'livekit-client';
import { useEffect, useState } from 'react';
import type { BackgroundChoice } from '../../shared/settings';
import { RnnoiseProcessor, VideoEffect, describeEffectFailure, type EffectStatus } from '../devices/effects';

export interface EffectsPreview {
  /** What the preview shows and the meter measures: the processed tracks while an effect runs, else the raw ones. */
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  backgroundStatus: EffectStatus;
  noiseStatus: EffectStatus;
}

/**
 * The lobby's processing preview: the chosen background effect on the preview camera, RNNoise on the preview
 * microphone. The raw tracks are what the lobby hands to the call (which applies the same choices to what it
 * publishes); the processors here are removed when the lobby goes.
 */
export function useEffectsPreview(raw: { video: MediaStreamTrack | null; audio: MediaStreamTrack | null }, background: BackgroundChoice, noiseSuppression: boolean): EffectsPreview {
  const [video, setVideo] = useState<{ track: MediaStreamTrack | null; status: EffectStatus }>({ track: null, status: { state: 'off' } });
  const [audio, setAudio] = useState<{ track: MediaStreamTrack | null; status: EffectStatus }>({ track: null, status: { state: 'off' } });
  const [effect, setEffect] = useState<{ effect: VideoEffect; wrapper: LocalVideoTrack } | null>(null);

  useEffect(() => {
    if (!raw.video) return;
    // A LocalVideoTrack around the preview's own track, for livekit-client's processor plumbing; never stopped here.
    const wrapper = new LocalVideoTrack(raw.video, undefined, true);
    const created = new VideoEffect(wrapper, (status) => setVideo({ track: status.state === 'on' ? (wrapper.getProcessor()?.processedTrack ?? null) : null, status }));
    setEffect({ effect: created, wrapper });
    return () => {
      setEffect(null);
      setVideo({ track: null, status: { state: 'off' } });
      void created.dispose();
    };
  }, [raw.video]);

  const backgroundKey = JSON.stringify(background);
  useEffect(() => {
    if (effect) void effect.effect.apply(JSON.parse(backgroundKey) as BackgroundChoice);
  }, [effect, backgroundKey]);

  useEffect(() => {
    if (!raw.audio || !noiseSuppression) return setAudio({ track: null, status: { state: 'off' } });
    const processor = new RnnoiseProcessor();
    let cancelled = false;
    setAudio({ track: null, status: { state: 'starting' } });
    processor
      .init({ track: raw.audio })
      .then(() => !cancelled && setAudio({ track: processor.processedTrack ?? null, status: { state: 'on' } }))
      .catch((error: unknown) => !cancelled && setAudio({ track: null, status: { state: 'failed', message: describeEffectFailure('noise', error) } }));
    return () => {
      cancelled = true;
      void processor.destroy();
    };
  }, [raw.audio, noiseSuppression]);

  return { video: video.track ?? raw.video, audio: audio.track ?? raw.audio, backgroundStatus: video.status, noiseStatus: audio.status };
}
