import path from 'node:path';
import { build as viteBuild } from 'vite';
import { buildElectron, repoRoot } from './build-electron.mjs';
import { buildServer } from './build-server.mjs';

const started = Date.now();
await buildElectron();
await buildServer();
const configFile = path.join(repoRoot, 'renderer', 'vite.config.ts');
await viteBuild({ configFile, logLevel: 'warn' });
// The hostile-server bench's copy, in which tests may switch E2EE defences off (never shipped).
await viteBuild({ configFile, logLevel: 'warn', mode: 'testable' });
console.log(`build: dist/main, dist/preload, dist/server, dist/renderer (and dist/renderer-testable) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
