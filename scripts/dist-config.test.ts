import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

type TargetEntry = string | { target: string; arch?: string[] };
const targetNames = (targets: unknown): string[] => (Array.isArray(targets) ? (targets as TargetEntry[]).map((entry) => (typeof entry === 'string' ? entry : entry.target)) : []);

describe('electron-builder.yml', () => {
  let config: Configuration;

  beforeAll(async () => {
    // electron-builder's own loader (js-yaml, defaults merged) and schema validation, exactly as `electron-builder` runs them.
    config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
  });

  it('the validation used here rejects a misspelt option', async () => {
    await expect(validateConfiguration({ ...config, nsis: { oneClik: false } as Configuration['nsis'] }, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('identifies the app', () => {
    expect(config).toMatchObject({ appId: 'app.sealroom.desktop', productName: 'Sealroom', executableName: 'sealroom' });
  });

  it('ships only the built app, not the server, e2e suites or tests', () => {
    const filters = (config.files as Array<{ filter?: string[] }>).flatMap((set) => set.filter ?? []);
    expect(filters).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'package.json', '!**/*.test.*', '!node_modules/**']));
    expect(filters.filter((pattern) => !pattern.startsWith('!')).every((pattern) => /^(dist\/(main|preload|renderer)\/\*\*|package\.json)$/.test(pattern))).toBe(true);
  });

  it('builds NSIS (assisted, per-user default, registers sealroom:) and a per-machine MSI with a fixed upgrade code on Windows', async () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, include: 'build/installer.nsh' });
    const nsisInclude = await readFile(join(root, 'build/installer.nsh'), 'utf8');
    expect(nsisInclude).toContain('WriteRegStr SHELL_CONTEXT "Software\\Classes\\sealroom" "URL Protocol" ""');
    expect(config.msi).toMatchObject({ perMachine: true, upgradeCode: 'B311C947-EF76-4727-BAEC-71AF68A07579' });
  });

  it('builds dmg, pkg (and the zip updates use) with hardened runtime, entitlements and usage strings on macOS', async () => {
    expect(targetNames(config.mac?.target)).toEqual(['dmg', 'pkg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    const entitlements = await readFile(join(root, 'build/entitlements.mac.plist'), 'utf8');
    for (const key of ['com.apple.security.device.camera', 'com.apple.security.device.audio-input']) {
      expect(entitlements).toMatch(new RegExp(`<key>${key.replace(/\./g, '\\.')}</key>\\s*<true/>`));
    }
    const info = config.mac?.extendInfo as Record<string, string>;
    for (const key of ['NSCameraUsageDescription', 'NSMicrophoneUsageDescription', 'NSScreenCaptureUsageDescription', 'NSAudioCaptureUsageDescription']) {
      expect(info[key]?.length).toBeGreaterThan(20);
    }
  });

  it('builds AppImage, deb and rpm on Linux and registers the sealroom scheme (→ MimeType=x-scheme-handler/sealroom)', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['sealroom'] })]);
    expect(config.extraMetadata).toMatchObject({ desktopName: 'sealroom.desktop' });
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    expect(config.asar).toBe(true);
  });
});
