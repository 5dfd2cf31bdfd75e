import { dirname, join } from 'node:path';
import type { InstallerType } from '../../shared/updates';
import { APP_BUNDLE_ID } from '../policy/load-policy';

export interface InstallerProbe {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** `process.execPath` of the packaged app. */
  exePath: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** Set by the AppImage runtime to the .AppImage file being run. */
  appImagePath: string | undefined;
  productName: string;
  exists(path: string): boolean;
  readText(path: string): string | null;
}

/**
 * Windows: the NSIS installer leaves `Uninstall <productName>.exe` next to the executable; an MSI install
 * (or a copied folder) does not. macOS: a .pkg install leaves a receipt named after the package identifier
 * (the app id). Linux: the AppImage runtime sets $APPIMAGE; deb and rpm builds carry `resources/package-type`.
 */
export function detectInstallerType(probe: InstallerProbe): InstallerType {
  if (!probe.isPackaged) return 'unpackaged';
  switch (probe.platform) {
    case 'win32':
      return probe.exists(join(dirname(probe.exePath), `Uninstall ${probe.productName}.exe`)) ? 'nsis' : 'msi';
    case 'darwin':
      return probe.exists(`/var/db/receipts/${APP_BUNDLE_ID}.plist`) ? 'pkg' : 'dmg';
    default: {
      if (probe.appImagePath) return 'appimage';
      const packageType = probe.readText(join(probe.resourcesPath, 'package-type'))?.trim();
      if (packageType === 'deb' || packageType === 'rpm') return packageType;
      return 'unpackaged';
    }
  }
}

/** Null when the installer type can update itself; otherwise what to tell the user instead. */
export function selfUpdateBlocker(installer: InstallerType): string | null {
  switch (installer) {
    case 'msi':
      return 'This copy of Sealroom was installed with the MSI package, which cannot update itself. Your IT department deploys new versions (or install the newer MSI).';
    case 'pkg':
      return 'This copy of Sealroom was installed for all users with the .pkg installer, which cannot update itself. Your IT department deploys new versions (or install the newer .pkg).';
    case 'unpackaged':
      return 'This copy of Sealroom is not installed from a Sealroom installer, so it cannot update itself. Download the latest version to update.';
    default:
      return null;
  }
}
