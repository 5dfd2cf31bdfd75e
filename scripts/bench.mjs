// `npm run bench`: runs every scripts/bench-*.mjs in turn; each prints its own figures and stops by itself.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './build-electron.mjs';

const only = process.argv[2];
const benches = readdirSync(path.join(repoRoot, 'scripts'))
  .filter((name) => /^bench-.+\.(mjs|ts)$/.test(name))
  .filter((name) => !only || name.includes(only))
  .sort();
if (benches.length === 0) {
  console.error(`npm run bench: no benchmark matches "${only ?? ''}" in scripts/bench-*.mjs`);
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join('scripts', name)], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
