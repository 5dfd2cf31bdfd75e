import { existsSync, readFileSync } from 'node:fs';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { PolicyControlledSettings, PolicyKey } from '../../shared/policy';
import { detectInstallerType } from './installer-type';
import type { Logger } from '../logger';
import { UpdateController } from './update-controller';
import type { Updater } from './updater';

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Builds the controller for this process from the effective settings; call `start()` once the app is ready. */
export function createUpdateController(options: {
  settings: Pick<PolicyControlledSettings, 'updateMode' | 'updateChannel'>;
  managedKeys: readonly PolicyKey[];
  isInCall: () => boolean;
  logger: Logger;
}): UpdateController {
  const installer = detectInstallerType({
    platform: process.platform,
    isPackaged: app.isPackaged,
    exePath: process.execPath,
    resourcesPath: process.resourcesPath,
    appImagePath: process.env.APPIMAGE,
    productName: app.getName(),
    exists: existsSync,
    readText,
  });
  const updater: Updater = electronUpdater.autoUpdater;
  return new UpdateController({
    updater,
    mode: options.settings.updateMode,
    channel: options.settings.updateChannel,
    modeManaged: options.managedKeys.includes('updateMode'),
    installer,
    isInCall: options.isInCall,
    logger: options.logger,
  });
}
