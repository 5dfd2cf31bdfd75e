/** Video and audio processing on this device, before encoding and encryption: background effects, RNNoise, capture choices. */
export { VideoEffect, describeEffectFailure, EffectUnsupportedError, type EffectStatus, type BackgroundProcessorFactory, type ProcessableVideoTrack } from './video-effect';
export { NoiseSuppression, type NoiseProcessorFactory, type ProcessableAudioTrack } from './audio-effect';
export { RnnoiseProcessor } from './rnnoise-processor';
export { BUNDLED_BACKGROUND_PICTURES, backgroundPictureUrl, describeBackground } from './bundled-backgrounds';
export { cameraCapture, cameraResolution, effectChoicesOf, microphoneProcessing, type EffectChoices } from './capture';
export { KeepUpMonitor } from './keep-up';
export { EffectsFields } from './EffectsFields';
