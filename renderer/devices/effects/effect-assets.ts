/**
 * Where the build puts the background-effects runtime (scripts/effects-assets.ts copies it from npm packages): the
 * app and the web build load it from their own origin, never from a CDN.
 */
export const EFFECT_ASSETS = {
  /** MediaPipe Tasks' WebAssembly (`@mediapipe/tasks-vision/wasm`): the folder FilesetResolver is pointed at. */
  visionWasmDir: '/effects/mediapipe',
  visionWasmFiles: ['vision_wasm_internal.js', 'vision_wasm_internal.wasm'],
  /** The selfie-segmentation model, with its normalisation metadata added at build time. */
  segmentationModel: '/effects/selfie-segmentation.tflite',
} as const;
