import path from 'node:path';
import { build as viteBuild } from 'vite';
import { buildElectron, repoRoot } from './build-electron.mjs';

const started = Date.now();
await buildElectron();
await viteBuild({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
console.log(`build: dist/main, dist/preload, dist/renderer ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
