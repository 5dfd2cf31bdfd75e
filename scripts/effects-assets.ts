import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { EFFECT_ASSETS } from '../renderer/devices/effects/effect-assets.ts';
import { withSegmentationMetadata } from './segmentation-model.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A file inside an installed package (these packages' `exports` do not list their WebAssembly or model). */
function packageFile(pkg: string, file: string): string {
  return path.join(repoRoot, 'node_modules', pkg, file);
}

/** Every file the background effects load at run time, by its path in the build. */
export function effectAssetFiles(): Map<string, () => Uint8Array> {
  const files = new Map<string, () => Uint8Array>();
  for (const name of EFFECT_ASSETS.visionWasmFiles) {
    files.set(`${EFFECT_ASSETS.visionWasmDir}/${name}`, () => readFileSync(packageFile('@mediapipe/tasks-vision', `wasm/${name}`)));
  }
  files.set(EFFECT_ASSETS.segmentationModel, () =>
    withSegmentationMetadata(readFileSync(packageFile('@mediapipe/selfie_segmentation', 'selfie_segmentation.tflite'))),
  );
  return files;
}

/**
 * Copies MediaPipe's WebAssembly and the segmentation model into the renderer build at fixed paths
 * (`EFFECT_ASSETS`): `@livekit/track-processors` would otherwise fetch both from public CDNs. (RNNoise's worklet and
 * WebAssembly are imported with `?url` and hashed by Vite like any asset.)
 */
export function effectAssets(): Plugin {
  return {
    name: 'sealroom-effect-assets',
    apply: 'build',
    generateBundle() {
      for (const [url, read] of effectAssetFiles()) this.emitFile({ type: 'asset', fileName: url.slice(1), source: read() });
    },
  };
}
