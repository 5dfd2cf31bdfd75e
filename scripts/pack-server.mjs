// `npm run pack:server -- <folder>`: the deployable server as a package of its own in <folder>: dist/server (the
// bundle), dist/renderer (the web app it serves), a package.json whose dependencies are exactly the packages the
// bundle imports, and a package-lock.json cut from the repository's, so `npm ci --omit=dev` there installs the very
// versions the tests ran against. The Dockerfile and the packed-server test both use it.
import { chmod, cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './build-electron.mjs';
import { buildServer } from './build-server.mjs';

/** Where npm would find `name` for the package installed at `from` (its own node_modules, then each parent's). */
function resolveInLock(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const nested = base.lastIndexOf('/node_modules/');
    base = nested === -1 ? '' : base.slice(0, nested);
  }
}

/** The lock entries `roots` need, transitively, with the repository's dev markings dropped (all are runtime here). */
export function pruneLock(lock, roots) {
  const packages = lock.packages;
  const kept = {};
  const queue = roots.map((name) => ['', name, false]);
  while (queue.length > 0) {
    const [from, name, optional] = queue.shift();
    const at = resolveInLock(packages, from, name);
    if (at === null) {
      if (optional) continue;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}: run npm install`);
    }
    if (kept[at]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = packages[at];
    kept[at] = entry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push([at, dep, false]);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push([at, dep, true]);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) queue.push([at, dep, optionalPeers[dep]?.optional === true]);
  }
  return kept;
}

export async function packServer(outDir) {
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  if (!(await stat(path.join(rendererDir, 'index.html')).catch(() => null))) {
    throw new Error('dist/renderer is missing: run npm run build first (the server serves the web app)');
  }
  const root = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
  const lock = JSON.parse(await readFile(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const { packages } = await buildServer(path.join(outDir, 'dist', 'server'));
  await chmod(path.join(outDir, 'dist', 'server', 'cli.js'), 0o755);
  await cp(rendererDir, path.join(outDir, 'dist', 'renderer'), { recursive: true });

  const dependencies = {};
  for (const name of packages) {
    const range = root.dependencies?.[name];
    if (range === undefined) throw new Error(`the server imports ${name}, which is not in package.json's dependencies (npm ci --omit=dev would leave it out)`);
    dependencies[name] = range;
  }
  const manifest = {
    name: 'sealroom-server',
    version: root.version,
    private: true,
    description: 'Sealroom meeting server: token service, LiveKit-compatible SFU and the web app.',
    license: root.license,
    type: 'module',
    bin: { 'sealroom-server': 'dist/server/cli.js' },
    engines: root.engines,
    dependencies,
  };
  const { name: _name, version: _version, ...rootEntry } = lock.packages[''];
  const prunedLock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: lock.lockfileVersion,
    requires: true,
    packages: { '': { ...rootEntry, name: manifest.name, version: manifest.version, dependencies, devDependencies: undefined, bin: manifest.bin }, ...pruneLock(lock, packages) },
  };
  await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(outDir, 'package-lock.json'), `${JSON.stringify(prunedLock, null, 2)}\n`);
  return { dependencies };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: npm run pack:server -- <folder>');
    process.exit(2);
  }
  const { dependencies } = await packServer(path.resolve(target));
  console.log(`pack:server: ${target} (dependencies: ${Object.keys(dependencies).join(', ')}); next: cd ${target} && npm ci --omit=dev && node dist/server/cli.js`);
}
