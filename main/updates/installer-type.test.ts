import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInstallerType, selfUpdateBlocker, type InstallerProbe } from './installer-type';

function probe(overrides: Partial<InstallerProbe> & { files?: Record<string, string> }): InstallerProbe {
  const files = overrides.files ?? {};
  return {
    platform: 'linux',
    isPackaged: true,
    exePath: '/opt/Sealroom/sealroom',
    resourcesPath: '/opt/Sealroom/resources',
    appImagePath: undefined,
    productName: 'Sealroom',
    exists: (path) => path in files,
    readText: (path) => files[path] ?? null,
    ...overrides,
  };
}

const PACKAGE_TYPE = join('/opt/Sealroom/resources', 'package-type');

describe('detectInstallerType', () => {
  it('tells NSIS from MSI by the NSIS uninstaller next to the executable', () => {
    // Paths are built with the host's node:path, as the code does, so the test passes on every runner.
    const exePath = join('C:/Program Files/Sealroom', 'Sealroom.exe');
    expect(detectInstallerType(probe({ platform: 'win32', exePath, files: { [join('C:/Program Files/Sealroom', 'Uninstall Sealroom.exe')]: '' } }))).toBe('nsis');
    expect(detectInstallerType(probe({ platform: 'win32', exePath }))).toBe('msi');
  });

  it('tells pkg from dmg by the installer receipt', () => {
    expect(detectInstallerType(probe({ platform: 'darwin', files: { '/var/db/receipts/app.sealroom.desktop.plist': '' } }))).toBe('pkg');
    expect(detectInstallerType(probe({ platform: 'darwin' }))).toBe('dmg');
  });

  it('recognises AppImage, deb and rpm, and anything else on Linux as unpackaged', () => {
    expect(detectInstallerType(probe({ appImagePath: '/home/ada/Sealroom.AppImage' }))).toBe('appimage');
    expect(detectInstallerType(probe({ files: { [PACKAGE_TYPE]: 'deb\n' } }))).toBe('deb');
    expect(detectInstallerType(probe({ files: { [PACKAGE_TYPE]: 'rpm' } }))).toBe('rpm');
    expect(detectInstallerType(probe({ files: { [PACKAGE_TYPE]: 'pacman' } }))).toBe('unpackaged');
    expect(detectInstallerType(probe({ isPackaged: false, appImagePath: '/x.AppImage' }))).toBe('unpackaged');
  });
});

describe('selfUpdateBlocker', () => {
  it('blocks MSI, pkg and unpackaged copies with a message, and nothing else', () => {
    expect(selfUpdateBlocker('msi')).toMatch(/MSI/);
    expect(selfUpdateBlocker('pkg')).toMatch(/\.pkg/);
    expect(selfUpdateBlocker('unpackaged')).toMatch(/not installed/);
    for (const installer of ['nsis', 'dmg', 'appimage', 'deb', 'rpm'] as const) expect(selfUpdateBlocker(installer)).toBeNull();
  });
});
