import type { EffectChoices } from '../devices/effects';

/** What the lobby hands the call: the name to show and which devices to start with. */
export interface JoinChoices {
  displayName: string;
  camera: boolean;
  microphone: boolean;
  cameraDeviceId: string | null;
  microphoneDeviceId: string | null;
  /** Video and audio processing; absent: the defaults of settings (`DEFAULT_SETTINGS`). */
  effects?: EffectChoices;
}
