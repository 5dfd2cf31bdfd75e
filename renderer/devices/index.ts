/** Cameras, microphones and speakers, for the lobby, the settings and the call alike. */
export { DeviceSelect } from './DeviceSelect';
export { SpeakerSelect } from './SpeakerSelect';
export { useMediaDevices, type DeviceOptions } from './useMediaDevices';
export { useActiveDevice, type DeviceKind } from './useActiveDevice';
export { useSpeakerSink } from './useSpeakerSink';
export { canChooseSpeaker, speakerSink, type SpeakerSink } from './speaker-output';
export { describeMediaError, type MediaKind } from './media-errors';
export { CAMERA_CAPTURE, handOver, isHandedOver, takePrepared, type PreparedTracks } from './prepared-tracks';
