import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, '..', 'package.json'), 'utf8')) as { version: string };

/** One build serves Electron (app://sealroom/) and the web fallback (/, /r/<room>): absolute asset paths work for both. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  define: { __SEALROOM_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: path.join(root, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
});
