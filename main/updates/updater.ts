/** The slice of electron-updater's `autoUpdater` that Sealroom uses, so tests can substitute a fake. */
export interface UpdaterEventMap {
  'checking-for-update': () => void;
  'update-available': (info: { version: string }) => void;
  'update-not-available': (info: { version: string }) => void;
  'download-progress': (progress: { percent: number }) => void;
  'update-downloaded': (info: { version: string }) => void;
  error: (error: Error) => void;
}

export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  // One overload per event, so electron-updater's wider event map still satisfies this interface.
  on(event: 'checking-for-update', listener: UpdaterEventMap['checking-for-update']): unknown;
  on(event: 'update-available', listener: UpdaterEventMap['update-available']): unknown;
  on(event: 'update-not-available', listener: UpdaterEventMap['update-not-available']): unknown;
  on(event: 'download-progress', listener: UpdaterEventMap['download-progress']): unknown;
  on(event: 'update-downloaded', listener: UpdaterEventMap['update-downloaded']): unknown;
  on(event: 'error', listener: UpdaterEventMap['error']): unknown;
}
