import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';

const electronPackage = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'electron');

/**
 * The Electron executable if one is installed, without triggering electron's lazy download: returns the reason
 * instead when there is none, so tests can skip with one clear line.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const pathFile = path.join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH points at ${candidate}, which does not exist` };
  }
  if (!relative) return { missing: 'no Electron binary downloaded (node_modules/electron/path.txt is absent; run "npx install-electron" with internet access)' };
  const candidate = path.join(electronPackage, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { missing: `Electron binary missing at ${candidate}` };
}

/** For a describe's beforeAll: without a binary, skips its tests and says why in one line. True when they run. */
export function skipWithoutElectron(binary: ReturnType<typeof findElectronBinary>): binary is { path: string } {
  if (!('missing' in binary)) return true;
  const reason = `Electron project skipped: ${binary.missing}.`;
  console.log(reason);
  test.skip(true, reason);
  return false;
}
