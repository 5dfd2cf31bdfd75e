import type { Settings, VideoMode } from '../../../shared/settings';
import { CAMERA_CAPTURE } from '../prepared-tracks';

/** The processing choices a person makes in the lobby, the call or the settings (persisted in settings). */
export type EffectChoices = Pick<Settings, 'background' | 'noiseSuppression' | 'echoCancellation' | 'autoGainControl' | 'videoMode'>;

export function effectChoicesOf(settings: Settings): EffectChoices {
  const { background, noiseSuppression, echoCancellation, autoGainControl, videoMode } = settings;
  return { background, noiseSuppression, echoCancellation, autoGainControl, videoMode };
}

/**
 * Microphone constraints: echo cancellation and auto gain as chosen. The browser's own noise suppression stays
 * off: RNNoise (when on) replaces it, and "off" means the voice is sent unsuppressed.
 */
export function microphoneProcessing(choices: Pick<EffectChoices, 'echoCancellation' | 'autoGainControl'>): MediaTrackConstraints {
  return { echoCancellation: choices.echoCancellation, autoGainControl: choices.autoGainControl, noiseSuppression: false };
}

/** The camera size per video mode: 720p at 30 fps (livekit-client's preset), or 360p at 15 fps when lowered. */
export const CAMERA_RESOLUTION = {
  normal: { width: 1280, height: 720, frameRate: 30 },
  low: { width: 640, height: 360, frameRate: 15 },
} as const;

export function cameraResolution(mode: VideoMode): (typeof CAMERA_RESOLUTION)['normal' | 'low'] {
  return mode === 'low' ? CAMERA_RESOLUTION.low : CAMERA_RESOLUTION.normal;
}

/** getUserMedia constraints for the camera; normal is what the call captures, so the lobby's preview can be handed over. */
export function cameraCapture(mode: VideoMode): MediaTrackConstraints {
  if (mode !== 'low') return CAMERA_CAPTURE;
  const { width, height, frameRate } = CAMERA_RESOLUTION.low;
  return { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: frameRate } };
}
