import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listPackage } from '@electron/asar';
import type { AfterPackContext } from 'app-builder-lib';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import type { LinuxPackager } from 'app-builder-lib/out/linuxPackager';
import { build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_COUNT = 9;

/**
 * Packs a throwaway project with the real electron-builder.yml and a stand-in Electron binary that carries only
 * the fuse wire, so packaging (file selection, asar, fuses, .desktop entry) is checked where no Electron
 * binary can be downloaded.
 */
describe('packaging with electron-builder.yml', () => {
  let work: string;
  let appOut: string;
  let desktopEntry = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sealroom-pack-'));
    const project = join(work, 'project');
    const files: Record<string, string> = {
      'dist/main/main.cjs': 'module.exports = {};',
      'dist/main/main.cjs.map': '{}',
      'dist/preload/preload.cjs': '',
      'dist/renderer/index.html': '<!doctype html>',
      'dist/renderer/assets/app.js': '',
      'server/cli.ts': '',
      'e2e/electron/app.spec.ts': '',
      'main/policy/load-policy.test.ts': '',
      'shared/policy.ts': '',
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(project, path)), { recursive: true });
      await writeFile(join(project, path), text);
    }
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { dependencies: Record<string, string> };
    // The real dependencies, the server's runtime packages among them, each installed as a stub: none may ship.
    const dependencies = pkg.dependencies;
    for (const [name, range] of Object.entries(dependencies)) {
      const version = /\d+\.\d+\.\d+/.exec(range)?.[0] ?? '1.0.0';
      await mkdir(join(project, 'node_modules', name), { recursive: true });
      await writeFile(join(project, 'node_modules', name, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
      await writeFile(join(project, 'node_modules', name, 'index.js'), '');
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description, author: pkg.author, main: pkg.main, dependencies }));
    await copyFile(join(root, 'electron-builder.yml'), join(project, 'electron-builder.yml'));

    const electronDist = join(work, 'electron');
    await mkdir(electronDist);
    const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, FUSE_COUNT]), Buffer.from('1'.repeat(FUSE_COUNT))]);
    await writeFile(join(electronDist, 'electron'), Buffer.concat([Buffer.from('stand-in electron '), wire]), { mode: 0o755 });

    await build({
      projectDir: project,
      linux: ['dir'],
      publish: 'never',
      config: {
        electronDist,
        electronVersion: '45.5.0',
        directories: { output: join(work, 'out') },
        afterPack: async (context: AfterPackContext) => {
          const packager = context.packager as LinuxPackager;
          desktopEntry = await new LinuxTargetHelper(packager).computeDesktopEntry(packager.platformSpecificBuildOptions);
        },
      },
    });
    appOut = join(work, 'out', 'linux-unpacked');
  }, 120_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('puts only the built app and package.json in app.asar: no dependency, not even the server\'s runtime packages', () => {
    const entries = listPackage(join(appOut, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.replace(/\\/g, '/'));
    expect(entries.filter((entry) => !['/dist', '/dist/main', '/dist/preload', '/dist/renderer', '/dist/renderer/assets'].includes(entry)).sort()).toEqual(
      ['/dist/main/main.cjs', '/dist/preload/preload.cjs', '/dist/renderer/assets/app.js', '/dist/renderer/index.html', '/package.json'].sort(),
    );
  });

  it('names the executable sealroom and flips the fuses', async () => {
    const binary = await readFile(join(appOut, 'sealroom'));
    const start = binary.indexOf(SENTINEL) + SENTINEL.length + 2;
    const fuses = binary.subarray(start, start + FUSE_COUNT).toString('latin1');
    // Order from @electron/fuses FuseV1Options: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
    // EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
    // LoadBrowserProcessSpecificV8Snapshot (left as shipped), GrantFileProtocolExtraPrivileges.
    expect(fuses.slice(0, 6)).toBe('010011');
    expect(fuses[7]).toBe('0');
  });

  it('writes a .desktop entry that handles sealroom: links', () => {
    expect(desktopEntry).toContain('MimeType=x-scheme-handler/sealroom;');
    expect(desktopEntry).toMatch(/^Exec=.*sealroom %U$/m);
    expect(desktopEntry).toContain('StartupWMClass=sealroom');
  });
});
