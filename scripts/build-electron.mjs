// Bundles the Electron main process and preload with esbuild. Kept separate from the Vite renderer build so the
// wiring test can build them into a temporary folder and boot them against a recording double of `electron`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** @param {string} outDir folder that receives main/ and preload/ */
export async function buildElectron(outDir = path.join(repoRoot, 'dist')) {
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'main', 'main.ts')],
    outfile: path.join(outDir, 'main', 'main.cjs'),
    external: ['electron'],
  });
  // A sandboxed preload can require only electron, events, timers and url; everything else must be bundled in.
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'preload', 'preload.ts')],
    outfile: path.join(outDir, 'preload', 'preload.cjs'),
    external: ['electron'],
  });
}
