/** Cameras and microphones, for the lobby, the settings and the call alike. */
export { DeviceSelect } from './DeviceSelect';
export { useMediaDevices, type DeviceOptions } from './useMediaDevices';
export { useActiveDevice, type DeviceKind } from './useActiveDevice';
export { describeMediaError, type MediaKind } from './media-errors';
export { CAMERA_CAPTURE, handOver, isHandedOver, takePrepared, type PreparedTracks } from './prepared-tracks';
