import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../app-origin';
import { createIpcRegistrar, type IpcInvokeEventLike } from '../ipc/register-handler';
import { createMediaAccess } from './media-access';
import { registerMediaHandlers } from './media-handlers';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setup(platform: NodeJS.Platform) {
  const listeners = new Map<string, Listener>();
  const handle = createIpcRegistrar({ handle: (channel, listener) => void listeners.set(channel, listener) }, { isTrustedSender: isAppUrl, log: silent });
  const opened: string[] = [];
  const consent = { camera: true, microphone: true };
  registerMediaHandlers(handle, {
    access: createMediaAccess(platform, { getMediaAccessStatus: () => 'denied', askForMediaAccess: async () => false }),
    platform,
    openSystemUrl: async (url) => void opened.push(url),
    consent,
  });
  const call = (channel: string, payload?: unknown) => listeners.get(channel)!({ senderFrame: { url: APP_ENTRY_URL, parent: null } }, payload);
  return { call, opened, consent };
}

describe('media IPC handlers', () => {
  it('opens the fixed privacy page for the platform, and explains when there is none', async () => {
    const mac = setup('darwin');
    await expect(mac.call('media:open-system-settings', 'screen')).resolves.toEqual({ ok: true, data: null });
    expect(mac.opened).toEqual(['x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture']);

    const linux = setup('linux');
    await expect(linux.call('media:open-system-settings', 'camera')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('no settings page') },
    });
    await expect(linux.call('media:open-system-settings', 'x-apple.systempreferences:evil')).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(linux.opened).toEqual([]);
  });

  it('reports status, asks, and records the lobby consent in place', async () => {
    const win = setup('win32');
    await expect(win.call('media:get-access-status')).resolves.toEqual({ ok: true, data: { camera: 'denied', microphone: 'denied', screen: 'granted' } });
    await expect(win.call('media:request-access', 'camera')).resolves.toEqual({ ok: true, data: { granted: false, status: 'denied' } });
    await expect(win.call('media:set-consent', { camera: false, microphone: true })).resolves.toEqual({ ok: true, data: null });
    expect(win.consent).toEqual({ camera: false, microphone: true });
    await expect(win.call('media:set-consent', { camera: 'yes' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
