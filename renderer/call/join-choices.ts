/** What the lobby hands the call: the name to show and which devices to start with. */
export interface JoinChoices {
  displayName: string;
  camera: boolean;
  microphone: boolean;
  cameraDeviceId: string | null;
  microphoneDeviceId: string | null;
}
