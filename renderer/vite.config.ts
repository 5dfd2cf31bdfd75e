import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { effectAssets } from '../scripts/effects-assets.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, '..', 'package.json'), 'utf8')) as { version: string };

/**
 * One build serves Electron (app://sealroom/) and the web fallback (/, /r/<room>): absolute asset paths work for both.
 * `--mode testable` makes the hostile-server bench's copy (dist/renderer-testable), the only build in which tests can
 * switch E2EE defences off (renderer/e2ee/defences.ts); in the app's build the switch is compiled out.
 */
export default defineConfig(({ mode }) => ({
  root,
  base: '/',
  plugins: [react(), effectAssets()],
  define: { __SEALROOM_VERSION__: JSON.stringify(pkg.version), __SEALROOM_TESTABLE_DEFENCES__: JSON.stringify(mode === 'testable') },
  build: {
    outDir: path.join(root, '..', 'dist', mode === 'testable' ? 'renderer-testable' : 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
}));
