import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'dist.mjs');

function runDist(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run dist', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealroom-dist-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without an Electron binary stops with one line saying what is missing, and builds nothing', () => {
    const { status, stdout, stderr } = runDist({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'missing') });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm run dist: no Electron binary \(.*missing.*\) — nothing built\.$/)]);
  });

  it('with a binary but no rpmbuild, says so in one line', async () => {
    await writeFile(join(dir, 'electron'), '');
    const { status, stderr } = runDist({ ELECTRON_OVERRIDE_DIST_PATH: dir, PATH: join(dir, 'empty-path') }, ['--dry-run']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('rpmbuild is missing')]);
  });

  it('with a binary and rpmbuild, builds the app and then AppImage, deb and rpm without publishing', async () => {
    await writeFile(join(dir, 'electron'), '');
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'rpmbuild'), '#!/bin/sh\nexit 0\n');
    await chmod(join(bin, 'rpmbuild'), 0o755);
    const { status, stdout } = runDist({ ELECTRON_OVERRIDE_DIST_PATH: dir, PATH: `${bin}:${process.env.PATH ?? ''}` }, ['--dry-run']);
    expect(status).toBe(0);
    const [build, builder] = stdout.trim().split('\n');
    expect(build).toBe('npm run build');
    expect(builder).toContain(`--linux AppImage deb rpm --publish never --config.electronDist=${dir}`);
  });
});
