// `npm run dist`: builds the Linux installers (AppImage, deb, rpm) from this checkout, never publishing.
// Windows and macOS installers come from .github/workflows/release.yml on their own runners.
// Each precondition that fails prints one line saying what is missing, and nothing is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const isFile = (file) => existsSync(file) && statSync(file).isFile();

/**
 * Finds the Electron distribution without touching `require('electron')`, which would try to download it.
 * @returns {{ ok: true, distDir: string } | { ok: false, reason: string }}
 */
export function findElectronDist(env = process.env, electronPackageDir = path.dirname(require.resolve('electron/package.json'))) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    return isFile(path.join(override, 'electron'))
      ? { ok: true, distDir: path.resolve(override) }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} has no "electron" executable` };
  }
  const distDir = path.join(electronPackageDir, 'dist');
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const executable = isFile(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (executable !== '' && isFile(path.join(distDir, executable))) return { ok: true, distDir };
  return {
    ok: false,
    reason: `${path.relative(repoRoot, distDir) || distDir} is empty; run "npx install-electron" with internet access`,
  };
}

function commandExists(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** @returns {string | null} the one line to print when this machine cannot build, or null */
export function missingPrerequisite(env = process.env) {
  if (process.platform !== 'linux') return `npm run dist builds the Linux installers on Linux only (this is ${process.platform}); use the release workflow for Windows and macOS — nothing built.`;
  const electron = findElectronDist(env);
  if (!electron.ok) return `npm run dist: no Electron binary (${electron.reason}) — nothing built.`;
  if (!commandExists('rpmbuild')) return 'npm run dist: rpmbuild is missing (needed for the rpm target; Debian/Ubuntu: apt-get install rpm) — nothing built.';
  return null;
}

export function buildCommands(distDir) {
  return [
    ['npm', ['run', 'build']],
    [process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'AppImage', 'deb', 'rpm', '--publish', 'never', `--config.electronDist=${distDir}`]],
  ];
}

function main(argv) {
  const problem = missingPrerequisite();
  if (problem) {
    console.error(problem);
    return 1;
  }
  const electron = findElectronDist();
  if (!electron.ok) return 1;
  for (const [command, args] of buildCommands(electron.distDir)) {
    if (argv.includes('--dry-run')) {
      console.log([command, ...args].join(' '));
      continue;
    }
    const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`npm run dist: "${path.basename(command)} ${args[0]}" failed (exit ${result.status ?? result.signal}); see the output above.`);
      return result.status || 1;
    }
  }
  if (!argv.includes('--dry-run')) console.log('npm run dist: installers are in release/.');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
