import type { InstallerType, InstallRequestResult, UpdateChannel, UpdateMode, UpdateStatus } from '../../shared/updates';
import type { Logger } from '../logger';
import { selfUpdateBlocker } from './installer-type';
import type { Updater } from './updater';

export interface UpdateControllerOptions {
  updater: Updater;
  /** Effective settings: the policy's values when managed, otherwise the user's. */
  mode: UpdateMode;
  channel: UpdateChannel;
  /** Whether `mode` came from the organisation's policy. */
  modeManaged: boolean;
  installer: InstallerType;
  isInCall: () => boolean;
  logger: Logger;
  /** How often to check again while running; 0 disables periodic checks. */
  checkIntervalMs?: number;
  setInterval?: (callback: () => void, ms: number) => { cancel(): void };
}

const FOUR_HOURS = 4 * 60 * 60 * 1000;

/**
 * Applies the update mode to electron-updater and guards the one dangerous step, `quitAndInstall`:
 * it runs only for an update electron-updater has fully downloaded and verified (`update-downloaded`),
 * and never while a call is in progress (it waits for `callEnded`). A failed or partial download
 * leaves nothing pending, so the installed app is untouched.
 */
export class UpdateController {
  private status: UpdateStatus = { state: 'idle' };
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  private downloadedVersion: string | null = null;
  private installPending = false;
  private timer: { cancel(): void } | null = null;
  private readonly active: boolean;

  constructor(private readonly options: UpdateControllerOptions) {
    const blocker = selfUpdateBlocker(options.installer);
    if (blocker !== null) {
      this.status = { state: 'not-supported', installer: options.installer, message: blocker };
    } else if (options.mode === 'off') {
      this.status = {
        state: 'disabled',
        managed: options.modeManaged,
        message: options.modeManaged ? 'Your organisation has turned off automatic updates for Sealroom.' : 'Updates are turned off in Settings.',
      };
    }
    this.active = this.status.state === 'idle';
    this.configure();
  }

  private configure(): void {
    const { updater, mode, channel } = this.options;
    updater.autoDownload = this.active && mode === 'automatic';
    updater.autoInstallOnAppQuit = this.active && mode === 'automatic';
    if (!this.active) return;
    updater.channel = channel === 'beta' ? 'beta' : 'latest';
    updater.allowPrerelease = channel === 'beta';
    // Setting a channel makes electron-updater allow downgrades; switching back to stable should not roll back.
    updater.allowDowngrade = false;
    updater.on('checking-for-update', () => this.setStatus({ state: 'checking' }));
    updater.on('update-not-available', () => this.setStatus(this.downloadedVersion ? { state: 'ready', version: this.downloadedVersion } : { state: 'up-to-date' }));
    updater.on('update-available', (info) => {
      if (mode === 'automatic') this.setStatus({ state: 'downloading', version: info.version, percent: 0 });
      else this.setStatus({ state: 'available', version: info.version });
    });
    updater.on('download-progress', (progress) => {
      const version = 'version' in this.status ? this.status.version : '';
      this.setStatus({ state: 'downloading', version, percent: Math.max(0, Math.min(100, progress.percent)) });
    });
    updater.on('update-downloaded', (info) => {
      this.downloadedVersion = info.version;
      this.options.logger.info(`updates: ${info.version} downloaded and verified`);
      this.setStatus({ state: 'ready', version: info.version });
    });
    updater.on('error', (error) => this.fail(error));
  }

  getStatus(): UpdateStatus {
    return this.status;
  }

  onStatus(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks now and then periodically. Does nothing when updates are off or impossible for this installer. */
  start(): void {
    if (!this.active || this.timer) return;
    void this.check();
    const interval = this.options.checkIntervalMs ?? FOUR_HOURS;
    const schedule = this.options.setInterval ?? defaultSetInterval;
    if (interval > 0) this.timer = schedule(() => void this.check(), interval);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  async check(): Promise<void> {
    // Once a verified download waits for a restart there is nothing more to fetch until it is installed.
    if (!this.active || this.isBusy() || this.downloadedVersion !== null) return;
    try {
      await this.options.updater.checkForUpdates();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Notify mode: the user chose to download the available version. */
  async download(): Promise<void> {
    if (!this.active || this.status.state !== 'available') return;
    this.setStatus({ state: 'downloading', version: this.status.version, percent: 0 });
    try {
      await this.options.updater.downloadUpdate();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The user asked to restart into the downloaded version. During a call this waits for `callEnded`. */
  requestInstall(): InstallRequestResult {
    if (!this.active || this.downloadedVersion === null) return 'nothing-to-install';
    if (this.options.isInCall()) {
      this.installPending = true;
      this.setStatus({ state: 'deferred', version: this.downloadedVersion });
      this.options.logger.info('updates: restart deferred until the call ends');
      return 'deferred';
    }
    this.install();
    return 'installing';
  }

  /** Call from the call lifecycle whenever a call ends; runs a deferred install. */
  callEnded(): void {
    if (!this.installPending || this.options.isInCall()) return;
    this.install();
  }

  private install(): void {
    this.installPending = false;
    this.stop();
    this.options.logger.info(`updates: restarting to install ${this.downloadedVersion ?? ''}`);
    this.options.updater.quitAndInstall(false, true);
  }

  private isBusy(): boolean {
    return this.status.state === 'checking' || this.status.state === 'downloading' || this.status.state === 'deferred';
  }

  private fail(error: unknown): void {
    const name = error instanceof Error ? error.name : 'Error';
    // electron-updater messages can carry feed URLs with tokens, so only the error's kind is logged.
    this.options.logger.error(`updates: ${name} while checking or downloading; nothing was installed`);
    if (this.downloadedVersion !== null) {
      this.setStatus(this.installPending ? { state: 'deferred', version: this.downloadedVersion } : { state: 'ready', version: this.downloadedVersion });
      return;
    }
    this.setStatus({ state: 'error', message: 'Sealroom could not check for or download an update. Nothing was changed; it will try again later.' });
  }

  private setStatus(status: UpdateStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

function defaultSetInterval(callback: () => void, ms: number): { cancel(): void } {
  const handle = setInterval(callback, ms);
  handle.unref();
  return { cancel: () => clearInterval(handle) };
}
