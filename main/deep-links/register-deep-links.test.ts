import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinkRouter } from './link-router';
import { listenForDeepLinks, registerProtocolClient, type DeepLinkAppLike } from './register-deep-links';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const LINK = `sealroom://meet.example.com/r/${ROOM}#v1.off`;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function fakeApp() {
  const handlers = new Map<string, Array<(...args: never[]) => void>>();
  const registered: unknown[][] = [];
  let ready = false;
  const app = {
    on: (event: string, listener: (...args: never[]) => void) => void handlers.set(event, [...(handlers.get(event) ?? []), listener]),
    isReady: () => ready,
    setAsDefaultProtocolClient: (...args: unknown[]) => {
      registered.push(args);
      return true;
    },
  } as unknown as DeepLinkAppLike;
  const emit = (event: string, ...args: unknown[]) => (handlers.get(event) ?? []).forEach((listener) => (listener as (...a: unknown[]) => void)(...args));
  return { app, handlers, registered, emit, setReady: () => (ready = true) };
}

function routerWithDeliveries() {
  const delivered: string[] = [];
  const router = createLinkRouter({
    decideHost: () => ({ kind: 'allowed' }),
    confirmHost: async () => ({ join: true, remember: false }),
    rememberHost: async () => undefined,
    isInCall: () => false,
    confirmLeaveCall: async () => true,
    tellUser: async () => undefined,
    deliver: (link) => void delivered.push(link),
    log: silent,
  });
  return { router, delivered };
}

describe('deep-link listeners', () => {
  it('Windows/Linux cold start: takes the link from argv', async () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { app } = fakeApp();
      const { router } = routerWithDeliveries();
      listenForDeepLinks(app, router, { platform, argv: ['/opt/Sealroom/sealroom', LINK] }, () => undefined);
      await router.appReady();
      expect(router.takePending()).toBe(`https://meet.example.com/r/${ROOM}#v1.off`);
    }
  });

  it('macOS: ignores argv and registers open-url inside will-finish-launching, before and after ready', async () => {
    const { app, handlers, emit, setReady } = fakeApp();
    const { router, delivered } = routerWithDeliveries();
    let focused = 0;
    listenForDeepLinks(app, router, { platform: 'darwin', argv: ['/Applications/Sealroom.app/Contents/MacOS/Sealroom', LINK] }, () => focused++);
    expect(handlers.has('open-url')).toBe(false);
    emit('will-finish-launching');
    expect(handlers.has('open-url')).toBe(true);

    let prevented = 0;
    emit('open-url', { preventDefault: () => prevented++ }, LINK);
    expect(focused).toBe(0);
    setReady();
    await router.appReady();
    expect(router.takePending()).toBe(`https://meet.example.com/r/${ROOM}#v1.off`);

    emit('open-url', { preventDefault: () => prevented++ }, LINK.replace('meet.', 'other.'));
    await router.settled();
    expect(prevented).toBe(2);
    expect(focused).toBe(1);
    expect(delivered).toEqual([`https://other.example.com/r/${ROOM}#v1.off`]);
  });

  it('macOS universal link: an https room link from an associated domain is routed like any other', async () => {
    const { app, emit, setReady } = fakeApp();
    const { router, delivered } = routerWithDeliveries();
    let focused = 0;
    listenForDeepLinks(app, router, { platform: 'darwin', argv: [] }, () => focused++);
    setReady();
    await router.appReady();
    router.takePending();
    const prevent = { preventDefault: () => undefined };
    emit('continue-activity', prevent, 'com.apple.Handoff', {}, { webpageURL: `https://meet.example.com/r/${ROOM}#v1.off` });
    emit('continue-activity', prevent, 'NSUserActivityTypeBrowsingWeb', {}, { webpageURL: 'https://meet.example.com/pricing' });
    emit('continue-activity', prevent, 'NSUserActivityTypeBrowsingWeb', {}, { webpageURL: `https://meet.example.com/r/${ROOM}#v1.off` });
    await router.settled();
    expect(delivered).toEqual([`https://meet.example.com/r/${ROOM}#v1.off`]);
    expect(focused).toBe(1);
  });

  it('second instance: routes its argv and brings the window forward', async () => {
    const { app, emit } = fakeApp();
    const { router, delivered } = routerWithDeliveries();
    let focused = 0;
    listenForDeepLinks(app, router, { platform: 'win32', argv: ['C:\\Sealroom.exe'] }, () => focused++);
    await router.appReady();
    router.takePending();
    emit('second-instance', {}, ['C:\\Sealroom.exe', '--allow-file-access-from-files', LINK]);
    emit('second-instance', {}, ['C:\\Sealroom.exe', LINK, '--gpu-launcher=calc']);
    await router.settled();
    expect(delivered).toEqual([`https://meet.example.com/r/${ROOM}#v1.off`]);
    expect(focused).toBe(2);
  });
});

describe('protocol client registration', () => {
  it('installed: registers the scheme for this executable, on Windows with the link after "--"', () => {
    const { app, registered } = fakeApp();
    registerProtocolClient(app, { platform: 'win32', argv: ['C:\\Sealroom.exe'], execPath: 'C:\\Sealroom.exe', isPackaged: true });
    registerProtocolClient(app, { platform: 'darwin', argv: ['/Applications/Sealroom.app/Contents/MacOS/Sealroom'], execPath: '/x', isPackaged: true });
    expect(registered).toEqual([['sealroom', 'C:\\Sealroom.exe', ['--']], ['sealroom']]);
  });

  it('development: passes Electron and the app path, resolved', () => {
    const { app, registered } = fakeApp();
    registerProtocolClient(app, { platform: 'linux', argv: ['/repo/node_modules/electron/dist/electron', '.'], execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false });
    registerProtocolClient(app, { platform: 'win32', argv: ['C:\\e\\electron.exe', 'C:\\src'], execPath: 'C:\\e\\electron.exe', isPackaged: false });
    expect(registered).toEqual([
      ['sealroom', '/repo/node_modules/electron/dist/electron', [path.resolve('.')]],
      ['sealroom', 'C:\\e\\electron.exe', [path.resolve('C:\\src'), '--']],
    ]);
  });

  it('development without an app path (or a switch in its place) registers nothing', () => {
    const { app, registered } = fakeApp();
    expect(registerProtocolClient(app, { platform: 'linux', argv: ['/e'], execPath: '/e', isPackaged: false })).toBe(false);
    expect(registerProtocolClient(app, { platform: 'linux', argv: ['/e', '--inspect'], execPath: '/e', isPackaged: false })).toBe(false);
    expect(registered).toEqual([]);
  });
});
