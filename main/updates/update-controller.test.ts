import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { InstallerType, UpdateMode, UpdateStatus } from '../../shared/updates';
import { UpdateController, type UpdateControllerOptions } from './update-controller';
import type { Updater, UpdaterEventMap } from './updater';

class FakeUpdater implements Updater {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowPrerelease = false;
  allowDowngrade = true;
  channel: string | null = null;
  readonly emitter = new EventEmitter();
  checks = 0;
  downloads = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  checkResult: () => Promise<unknown> = async () => null;
  downloadResult: () => Promise<unknown> = async () => [];

  on<E extends keyof UpdaterEventMap>(event: E, listener: UpdaterEventMap[E]): this {
    this.emitter.on(event, listener);
    return this;
  }

  emit<E extends keyof UpdaterEventMap>(event: E, ...args: Parameters<UpdaterEventMap[E]>): void {
    this.emitter.emit(event, ...args);
  }

  checkForUpdates(): Promise<unknown> {
    this.checks++;
    return this.checkResult();
  }

  downloadUpdate(): Promise<unknown> {
    this.downloads++;
    return this.downloadResult();
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function setup(overrides: Partial<UpdateControllerOptions> & { mode?: UpdateMode; installer?: InstallerType } = {}) {
  const updater = new FakeUpdater();
  let inCall = false;
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const controller = new UpdateController({
    updater,
    mode: 'notify',
    channel: 'stable',
    modeManaged: false,
    installer: 'nsis',
    isInCall: () => inCall,
    logger,
    checkIntervalMs: 0,
    ...overrides,
  });
  const statuses: UpdateStatus[] = [];
  controller.onStatus((status) => statuses.push(status));
  return { updater, controller, logger, statuses, setInCall: (value: boolean) => (inCall = value) };
}

/** Simulates electron-updater finishing a verified download. */
function downloaded(updater: FakeUpdater, version = '1.2.0'): void {
  updater.emit('update-available', { version });
  updater.emit('download-progress', { percent: 100 });
  updater.emit('update-downloaded', { version });
}

describe('update mode', () => {
  it('off: never checks, and says whether the organisation turned it off', () => {
    const { updater, controller } = setup({ mode: 'off', modeManaged: true });
    controller.start();
    expect(updater.checks).toBe(0);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(controller.getStatus()).toEqual({ state: 'disabled', managed: true, message: expect.stringContaining('organisation') });
    expect(controller.requestInstall()).toBe('nothing-to-install');
  });

  it('notify: checks, reports the new version, downloads only when asked, never installs on quit', async () => {
    const { updater, controller, statuses } = setup({ mode: 'notify' });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    controller.start();
    expect(updater.checks).toBe(1);
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.2.0' });
    expect(controller.getStatus()).toEqual({ state: 'available', version: '1.2.0' });
    expect(updater.downloads).toBe(0);
    await controller.download();
    expect(updater.downloads).toBe(1);
    updater.emit('update-downloaded', { version: '1.2.0' });
    expect(statuses.map((status) => status.state)).toEqual(['checking', 'available', 'downloading', 'ready']);
  });

  it('automatic: downloads by itself and installs on quit', () => {
    const { updater, controller } = setup({ mode: 'automatic' });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    controller.start();
    updater.emit('update-available', { version: '1.2.0' });
    expect(controller.getStatus()).toEqual({ state: 'downloading', version: '1.2.0', percent: 0 });
    updater.emit('download-progress', { percent: 42.5 });
    expect(controller.getStatus()).toEqual({ state: 'downloading', version: '1.2.0', percent: 42.5 });
  });

  it('applies the channel without allowing downgrades', () => {
    expect(setup({ channel: 'beta' }).updater).toMatchObject({ channel: 'beta', allowPrerelease: true, allowDowngrade: false });
    expect(setup({ channel: 'stable' }).updater).toMatchObject({ channel: 'latest', allowPrerelease: false, allowDowngrade: false });
  });

  it('checks periodically and stops', () => {
    let tick: (() => void) | null = null;
    const cancel = vi.fn();
    const { updater, controller } = setup({
      checkIntervalMs: 1000,
      setInterval: (callback) => {
        tick = callback;
        return { cancel };
      },
    });
    controller.start();
    updater.emit('update-not-available', { version: '1.0.0' });
    (tick as (() => void) | null)?.();
    expect(updater.checks).toBe(2);
    controller.stop();
    expect(cancel).toHaveBeenCalled();
  });
});

describe('installers that cannot update themselves', () => {
  for (const installer of ['msi', 'pkg', 'unpackaged'] as const) {
    it(`${installer}: says so instead of trying`, async () => {
      const { updater, controller } = setup({ mode: 'automatic', installer });
      controller.start();
      await controller.check();
      expect(updater.checks).toBe(0);
      expect(updater.autoDownload).toBe(false);
      expect(updater.autoInstallOnAppQuit).toBe(false);
      expect(controller.getStatus()).toMatchObject({ state: 'not-supported', installer });
      expect((controller.getStatus() as { message: string }).message.length).toBeGreaterThan(20);
    });
  }
});

describe('installing', () => {
  it('restarts into a downloaded update when not in a call', () => {
    const { updater, controller } = setup();
    controller.start();
    downloaded(updater);
    expect(controller.requestInstall()).toBe('installing');
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('defers the restart while in a call and installs when the call ends', () => {
    const { updater, controller, setInCall } = setup({ mode: 'automatic' });
    controller.start();
    downloaded(updater);
    setInCall(true);
    expect(controller.requestInstall()).toBe('deferred');
    expect(controller.getStatus()).toEqual({ state: 'deferred', version: '1.2.0' });
    expect(updater.installs).toEqual([]);
    controller.callEnded();
    expect(updater.installs).toEqual([]);
    setInCall(false);
    controller.callEnded();
    expect(updater.installs).toHaveLength(1);
  });

  it('callEnded without a pending install does nothing', () => {
    const { updater, controller } = setup();
    downloaded(updater);
    controller.callEnded();
    expect(updater.installs).toEqual([]);
  });

  it('a failed download leaves nothing to install and logs no URL', async () => {
    const { updater, controller, logger } = setup({ mode: 'notify' });
    updater.downloadResult = () => Promise.reject(new Error('sha512 checksum mismatch for https://user:token@updates.example/Sealroom.exe'));
    controller.start();
    updater.emit('update-available', { version: '1.2.0' });
    await controller.download();
    expect(controller.getStatus()).toMatchObject({ state: 'error' });
    expect(controller.requestInstall()).toBe('nothing-to-install');
    expect(updater.installs).toEqual([]);
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('token');
  });

  it('an updater error event after a partial automatic download installs nothing', () => {
    const { updater, controller } = setup({ mode: 'automatic' });
    controller.start();
    updater.emit('update-available', { version: '1.2.0' });
    updater.emit('download-progress', { percent: 30 });
    updater.emit('error', new Error('net::ERR_CONNECTION_RESET'));
    expect(controller.getStatus()).toMatchObject({ state: 'error' });
    expect(controller.requestInstall()).toBe('nothing-to-install');
    expect(updater.installs).toEqual([]);
  });

  it('a failed check keeps an already downloaded update installable', async () => {
    const { updater, controller } = setup();
    downloaded(updater);
    updater.emit('error', new Error('offline'));
    expect(controller.getStatus()).toEqual({ state: 'ready', version: '1.2.0' });
    await controller.check();
    expect(updater.checks).toBe(0);
  });
});
