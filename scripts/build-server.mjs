// Bundles the server (server/cli.ts, server/healthcheck.ts and what they import from server/ and shared/) into plain JavaScript in
// dist/server/, with every npm package left as an import: they are installed beside it (`npm ci --omit=dev`), not
// copied in. The packages the bundle imports are returned, so packing can list exactly those as dependencies.
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './build-electron.mjs';

/** @param {string} outDir folder that receives cli.js (the server) and healthcheck.js (exit 0 when it answers) */
export async function buildServer(outDir = path.join(repoRoot, 'dist', 'server')) {
  const result = await build({
    entryPoints: { cli: path.join(repoRoot, 'server', 'cli.ts'), healthcheck: path.join(repoRoot, 'server', 'healthcheck.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    banner: { js: '#!/usr/bin/env node' },
  });
  const imported = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || specifier.startsWith('node:')) continue;
      imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  }
  return { packages: [...imported].sort() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { packages } = await buildServer();
  console.log(`build:server: dist/server/cli.js (imports ${packages.join(', ')})`);
}
