import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels, type EventChannel, type EventOf, type InvokeChannel, type RequestOf } from '../shared/ipc/channels';
import { buildElectron } from './build-electron.mjs';
import { createElectronDouble, OWN_WINDOW_SOURCE_ID } from './electron-double';

/** Boots the *built* bundles in Node against a recording `electron`: catches bundling and wiring breaks. */
const out = mkdtempSync(path.join(tmpdir(), 'sealroom-wiring-'));
const userData = mkdtempSync(path.join(tmpdir(), 'sealroom-userdata-'));
const require = createRequire(import.meta.url);
const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };

/**
 * Each bundle gets its own double for as long as the file runs: bundled libraries such as electron-updater
 * `require('electron')` lazily, long after the bundle was loaded, as they may inside Electron.
 */
const doubles = new Map<string, unknown>();
const originalLoad = moduleInternals._load;
moduleInternals._load = (request, ...rest) => {
  const parent = rest[0] as { filename?: string } | undefined;
  const double = request === 'electron' && parent?.filename ? doubles.get(parent.filename) : undefined;
  return double ?? originalLoad(request, ...rest);
};
afterAll(() => {
  moduleInternals._load = originalLoad;
});

function loadWith(double: unknown, bundle: string): void {
  doubles.set(bundle, double);
  require(bundle);
}

type Handler = (...args: unknown[]) => unknown;
const main = createElectronDouble(userData);

const startEnv = process.env.SEALROOM_SERVER;
afterAll(() => {
  if (startEnv === undefined) delete process.env.SEALROOM_SERVER;
  else process.env.SEALROOM_SERVER = startEnv;
});

beforeAll(async () => {
  process.env.SEALROOM_SERVER = DEFAULT_SERVER;
  await buildElectron(out);
  mkdirSync(path.join(out, 'renderer'), { recursive: true });
  writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Sealroom</title>');
  loadWith(main.electron, path.join(out, 'main', 'main.cjs'));
  // Let app.whenReady().then(onReady) run: it reads the policy and trusted hosts before creating the window.
  await until(() => main.find('new BrowserWindow').length > 0);
}, 60_000);

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the main bundle');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const APP_FRAME = { senderFrame: { url: 'app://sealroom/index.html', parent: null } };
/** What `npm start` passes: the built-in server, whose links open without the "other server" question. */
const DEFAULT_SERVER = 'http://127.0.0.1:7880';
const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const invoke = (channel: string, payload?: unknown) => {
  const handler = main.find('ipcMain.handle').find((call) => call.args[0] === channel)?.args[1] as Handler | undefined;
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(APP_FRAME, payload) as Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
};
const sent = (channel: string) => main.find('webContents.send').filter((call) => call.args[0] === channel).map((call) => call.args[1]);

describe('built main bundle', () => {
  it('enables the sandbox, takes the single-instance lock and registers app:// as a secure standard scheme', () => {
    expect(main.find('app.enableSandbox')).toHaveLength(1);
    expect(main.find('app.requestSingleInstanceLock')).toHaveLength(1);
    const [schemes] = main.find('protocol.registerSchemesAsPrivileged')[0]!.args as [Array<{ scheme: string; privileges: object }>];
    expect(schemes).toContainEqual(expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }));
  });

  it('creates the window with locked-down webPreferences and loads the app origin', () => {
    const [options] = main.find('new BrowserWindow')[0]!.args as [{ webPreferences: Record<string, unknown> }];
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A call keeps sending and rendering media while the window is in the background.
      backgroundThrottling: false,
    });
    expect(options.webPreferences.preload).toBe(path.join(out, 'preload', 'preload.cjs'));
    expect(main.find('window.loadURL')[0]!.args[0]).toBe('app://sealroom/index.html');
    expect(main.find('webContents.on').map((call) => call.args[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect']));
    expect(main.find('webContents.setWindowOpenHandler')).toHaveLength(1);
    const [openHandler] = main.find('webContents.setWindowOpenHandler')[0]!.args as [Handler];
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });

  it('installs deny-by-default permission request, check and device handlers', () => {
    const [request] = main.find('session.setPermissionRequestHandler')[0]!.args as [Handler];
    const [check] = main.find('session.setPermissionCheckHandler')[0]!.args as [Handler];
    const [device] = main.find('session.setDevicePermissionHandler')[0]!.args as [Handler];
    let granted: unknown;
    request(null, 'geolocation', (g: boolean) => (granted = g), { requestingUrl: 'app://sealroom/index.html' });
    expect(granted).toBe(false);
    request(null, 'media', (g: boolean) => (granted = g), { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] });
    expect(granted).toBe(false);
    expect(check(null, 'notifications', 'app://sealroom', { requestingUrl: 'app://sealroom/index.html' })).toBe(false);
    expect(device({})).toBe(false);
  });

  it('registers a validated handler for every channel in the contract', async () => {
    const handlers = new Map(main.find('ipcMain.handle').map((call) => [call.args[0] as string, call.args[1] as Handler]));
    expect([...handlers.keys()]).toEqual(expect.arrayContaining(Object.keys(invokeChannels)));
    const getSettings = handlers.get('settings:get')!;
    await expect(getSettings({ senderFrame: { url: 'https://evil.example/', parent: null } })).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    await expect(handlers.get('settings:update')!(APP_FRAME, { displayName: 7 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await expect(getSettings({ senderFrame: { url: 'app://sealroom/index.html', parent: { url: 'app://sealroom/index.html', parent: null } } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    await expect(getSettings(APP_FRAME)).resolves.toMatchObject({ ok: true });
  });

  it('serves the renderer through app:// with the CSP header', async () => {
    const [scheme, handler] = main.find('protocol.handle')[0]!.args as [string, (request: { url: string }) => Promise<Response>];
    expect(scheme).toBe('app');
    const response = await handler({ url: 'app://sealroom/index.html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
  });
});

describe('built main bundle: desktop integration', () => {
  it('registers the sealroom:// protocol client, in development with the executable and app path', () => {
    const [scheme, executable, args] = main.find('app.setAsDefaultProtocolClient')[0]!.args as [string, string, string[]];
    expect(scheme).toBe('sealroom');
    expect(executable).toBe(process.execPath);
    expect(args).toEqual([path.resolve(process.argv[1]!)]);
  });

  it('listens for open-url only inside will-finish-launching, and for second instances', () => {
    const events = () => main.find('app.on').map((call) => call.args[0]);
    expect(events()).toEqual(expect.arrayContaining(['will-finish-launching', 'second-instance']));
    expect(events()).not.toContain('open-url');
    main.emit('app.on', 'will-finish-launching');
    expect(events()).toContain('open-url');
  });

  it('delivers a second-instance link from a trusted server once the renderer has loaded, and refuses hostile argv', async () => {
    await expect(invoke('link:take-pending')).resolves.toMatchObject({ ok: true, data: null });
    const link = `${DEFAULT_SERVER}/r/${ROOM}#v1.${SECRET}`;
    main.emit('app.on', 'second-instance', {}, ['/opt/Sealroom/sealroom', '--original-process-start-time=1', link]);
    await until(() => sent('link:opened').length === 1);
    expect(sent('link:opened')[0]).toEqual({ link });
    expect(main.find('window.focus').length).toBeGreaterThan(0);

    main.emit('app.on', 'second-instance', {}, ['/opt/Sealroom/sealroom', link, '--gpu-launcher=calc']);
    main.emit('app.on', 'second-instance', {}, ['/opt/Sealroom/sealroom', `${link}" --inspect`]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent('link:opened')).toHaveLength(1);
  });

  it('asks before opening a link to a server the user has not trusted, and respects "Cancel"', async () => {
    main.dialogAnswers.push({ response: 1, checkboxChecked: false });
    const before = main.find('dialog.showMessageBox').length;
    const [openUrl] = main.listeners.get('app.on:open-url')!;
    openUrl!({ preventDefault: () => undefined }, `sealroom://meet.unknown.example/r/${ROOM}#v1.${SECRET}`);
    await until(() => main.find('dialog.showMessageBox').length === before + 1);
    const [, options] = main.find('dialog.showMessageBox').at(-1)!.args as [unknown, { message: string; detail: string }];
    expect(options.message).toBe('Join a call on meet.unknown.example?');
    expect(JSON.stringify(options)).not.toContain(SECRET);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent('link:opened')).toHaveLength(1);
  });

  it('asks before leaving a running call for a new link, and keeps the display awake during the call', async () => {
    await expect(invoke('call:set-active', true)).resolves.toMatchObject({ ok: true });
    expect(main.find('powerSaveBlocker.start')[0]!.args).toEqual(['prevent-display-sleep']);
    main.dialogAnswers.push({ response: 0, checkboxChecked: false });
    const before = main.find('dialog.showMessageBox').length;
    main.emit('app.on', 'second-instance', {}, ['/opt/Sealroom/sealroom', `${DEFAULT_SERVER}/r/${ROOM}#v1.off`]);
    await until(() => main.find('dialog.showMessageBox').length === before + 1);
    const [, options] = main.find('dialog.showMessageBox').at(-1)!.args as [unknown, { message: string }];
    expect(options.message).toBe('Leave this call to open the link?');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent('link:opened')).toHaveLength(1);
    await invoke('call:set-active', false);
    expect(main.find('powerSaveBlocker.stop')).toHaveLength(1);
  });

  it('answers getDisplayMedia through the picker: request → selection → callback, cancel, then share again', async () => {
    const [handler, options] = main.find('session.setDisplayMediaRequestHandler')[0]!.args as [Handler, { useSystemPicker: boolean }];
    expect(options.useSystemPicker).toBe(process.platform === 'darwin');
    const request = { securityOrigin: 'app://sealroom', videoRequested: true, audioRequested: true, frame: { url: 'app://sealroom/index.html' } };
    const pick = async () => {
      const answers: unknown[] = [];
      const count = sent('screen:pick-request').length;
      handler(request, (streams: unknown) => answers.push(streams));
      await until(() => sent('screen:pick-request').length === count + 1);
      return { answers, request: sent('screen:pick-request').at(-1) as { requestId: string; sources: Array<{ id: string; thumbnail: string }> } };
    };

    const first = await pick();
    expect(first.request.sources.map((source) => source.id)).toEqual(['screen:0:0', 'window:42:0']);
    expect(first.request.sources.map((source) => source.id)).not.toContain(OWN_WINDOW_SOURCE_ID);
    expect(first.request.sources[0]!.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    await expect(invoke('screen:select', { requestId: first.request.requestId, choice: null })).resolves.toMatchObject({ ok: true });
    expect(first.answers).toEqual([null]);

    const second = await pick();
    await expect(invoke('screen:select', { requestId: second.request.requestId, choice: { sourceId: OWN_WINDOW_SOURCE_ID, audio: false } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await expect(invoke('screen:select', { requestId: second.request.requestId, choice: { sourceId: 'window:42:0', audio: true } })).resolves.toMatchObject({ ok: true });
    expect(second.answers).toEqual([{ video: { id: 'window:42:0', name: 'Quarterly report.pdf' }, ...(process.platform === 'win32' ? { audio: 'loopback' } : {}) }]);
    // Granting a source already keeps Sealroom's windows out of the capture.
    expect(main.find('window.setContentProtection').map((call) => call.args[0])).toEqual([true]);

    const foreign: unknown[] = [];
    handler({ ...request, securityOrigin: 'https://evil.example', frame: { url: 'https://evil.example/' } }, (streams: unknown) => foreign.push(streams));
    await until(() => foreign.length === 1);
    expect(foreign).toEqual([null]);
  });

  it('lifts the protection when the renderer reports the share stopped, and when a call ends', async () => {
    await invoke('screen:set-sharing', false);
    await invoke('screen:set-sharing', true);
    await invoke('call:set-active', true);
    await invoke('call:set-active', false);
    expect(main.find('window.setContentProtection').map((call) => call.args[0])).toEqual([true, false, true, false]);
  });

  it('reports OS media access and records the lobby consent', async () => {
    await expect(invoke('media:get-access-status')).resolves.toMatchObject({ ok: true });
    await expect(invoke('media:set-consent', { camera: false, microphone: true })).resolves.toMatchObject({ ok: true });
    const [request] = main.find('session.setPermissionRequestHandler')[0]!.args as [Handler];
    const grants: boolean[] = [];
    request(null, 'media', (g: boolean) => grants.push(g), { requestingUrl: 'app://sealroom/index.html', mediaTypes: ['video'] });
    request(null, 'media', (g: boolean) => grants.push(g), { requestingUrl: 'app://sealroom/index.html', mediaTypes: ['audio'] });
    request(null, 'display-capture', (g: boolean) => grants.push(g), { requestingUrl: 'app://sealroom/index.html', mediaTypes: ['video'] });
    expect(grants).toEqual([false, true, true]);
  });
});

describe('built main bundle: policy and updates', () => {
  const noPolicyFile = process.platform === 'linux' && !existsSync('/etc/sealroom/policy.json');

  it.runIf(noPolicyFile)('answers policy:get with the unmanaged state when Linux has no /etc/sealroom/policy.json', async () => {
    await expect(invoke('policy:get')).resolves.toEqual({ ok: true, data: { policy: {}, managedKeys: [], sources: [], issues: [] } });
    // No policy server: new calls go to the built-in one.
    await expect(invoke('app:get-info')).resolves.toMatchObject({ ok: true, data: { defaultServer: DEFAULT_SERVER } });
  });

  it('reports that an unpackaged copy cannot update itself, and has nothing to install', async () => {
    const status = await invoke('updates:get-status');
    expect(status).toMatchObject({ ok: true, data: { state: 'not-supported', installer: 'unpackaged', message: expect.stringContaining('cannot update itself') } });
    await expect(invoke('updates:check')).resolves.toEqual({ ok: true, data: null });
    await expect(invoke('updates:download')).resolves.toEqual({ ok: true, data: null });
    await expect(invoke('updates:install')).resolves.toEqual({ ok: true, data: 'nothing-to-install' });
    await expect(invoke('updates:install', { now: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await expect(invoke('updates:get-status')).resolves.toEqual(status);
    expect(sent('updates:status')).toEqual([]);
    // A call ending runs a deferred install only; with nothing downloaded nothing quits.
    await invoke('call:set-active', true);
    await invoke('call:set-active', false);
    expect(main.find('app.quit')).toEqual([]);
  });

  it('refuses policy and update calls from a foreign frame', async () => {
    const handler = main.find('ipcMain.handle').find((call) => call.args[0] === 'policy:get')!.args[1] as Handler;
    await expect(handler({ senderFrame: { url: 'https://evil.example/', parent: null } })).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
  });
});

describe('built main bundle: attention (badge, taskbar flash, notifications)', () => {
  it('badges unread chat, flashes the taskbar only while the window is in the background, and stops when it is focused', async () => {
    const flashes = () => main.find('window.flashFrame').map((call) => call.args[0]);
    const badges = () => main.find('app.setBadgeCount').map((call) => call.args[0]);
    const flashedBefore = flashes().length;
    main.focus.focused = false;
    await expect(invoke('attention:set-unread', 1)).resolves.toEqual({ ok: true, data: null });
    await expect(invoke('attention:set-unread', 2)).resolves.toEqual({ ok: true, data: null });
    expect(badges().slice(-2)).toEqual([1, 2]);
    expect(flashes().slice(flashedBefore)).toEqual([true, true]);
    main.emit('window.on', 'focus');
    expect(flashes().at(-1)).toBe(false);
    main.focus.focused = true;
    await invoke('attention:set-unread', 3);
    expect(flashes().slice(flashedBefore)).toEqual([true, true, false]);
    await invoke('attention:set-unread', 0);
    expect(badges().at(-1)).toBe(0);
    await expect(invoke('attention:set-unread', -1)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await expect(invoke('attention:set-unread', 1.5)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('shows a silent OS notification with the text the renderer chose; a click focuses the window; bad payloads are refused', async () => {
    const before = main.find('new Notification').length;
    await expect(invoke('attention:notify', { title: 'New message', body: 'Someone wrote in your call.' })).resolves.toEqual({ ok: true, data: { shown: true } });
    expect(main.find('new Notification').slice(before).map((call) => call.args[0])).toEqual([{ title: 'New message', body: 'Someone wrote in your call.', silent: true }]);
    expect(main.find('notification.show').length).toBeGreaterThan(0);
    const focused = main.find('window.focus').length;
    main.emit('notification.on', 'click');
    expect(main.find('window.focus').length).toBeGreaterThan(focused);
    await expect(invoke('attention:notify', { title: '', body: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await expect(invoke('attention:notify', { title: 'x', body: 'y'.repeat(257) })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await expect(invoke('attention:notify', { title: 'x', body: 'y', icon: '/etc/passwd' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(main.find('new Notification')).toHaveLength(before + 1);
  });
});

interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}
const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
const applicationMenu = (double: ReturnType<typeof createElectronDouble>) => {
  const [built] = double.find('Menu.buildFromTemplate');
  expect(double.find('Menu.setApplicationMenu')[0]!.args[0]).toEqual({ template: built!.args[0] });
  return built!.args[0] as MenuItem[];
};
const DEVELOPER_ITEMS = /reload|developer tools|devtools/i;
const developerItems = (menu: MenuItem[]) => flatten(menu).filter((item) => DEVELOPER_ITEMS.test(`${item.label ?? ''} ${item.role ?? ''}`));

describe('built main bundle: application menu, logs and diagnostics', () => {
  it('replaces the default menu; unpackaged keeps View → Reload and the developer tools, and a reload during a call asks first', async () => {
    const menu = applicationMenu(main);
    expect(flatten(menu).map((item) => item.role ?? item.label)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'about', 'Check for Updates…', 'Show Logs Folder', 'Export Diagnostics…']));
    expect(developerItems(menu).map((item) => item.label)).toEqual(['Reload', 'Force Reload', 'Toggle Developer Tools']);

    const reload = developerItems(menu)[0]!;
    await invoke('call:set-active', true);
    main.dialogAnswers.push({ response: 1, checkboxChecked: false });
    const asked = main.find('dialog.showMessageBox').length;
    reload.click!();
    await until(() => main.find('dialog.showMessageBox').length === asked + 1);
    const [, options] = main.find('dialog.showMessageBox').at(-1)!.args as [unknown, { message: string }];
    expect(options.message).toBe('Reload Sealroom and leave the call?');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(main.find('webContents.reload')).toEqual([]);
    main.dialogAnswers.push({ response: 0, checkboxChecked: false });
    reload.click!();
    await until(() => main.find('webContents.reload').length === 1);
    await invoke('call:set-active', false);
    reload.click!();
    await until(() => main.find('webContents.reload').length === 2);
    expect(main.find('dialog.showMessageBox')).toHaveLength(asked + 2);
  });

  it('packaged: the application menu has no Reload, Force Reload or Toggle Developer Tools', async () => {
    const packagedData = mkdtempSync(path.join(tmpdir(), 'sealroom-userdata-packaged-'));
    const packaged = createElectronDouble(packagedData, { isPackaged: true });
    // An installed app's main, from its own file so it boots afresh; resourcesPath is where an installed app keeps
    // its resources (no package-type file there: this copy does not update itself, and makes no update requests).
    const bundle = path.join(out, 'main', 'main-packaged.cjs');
    copyFileSync(path.join(out, 'main', 'main.cjs'), bundle);
    const processWithResources = process as NodeJS.Process & { resourcesPath?: string };
    const resourcesPath = processWithResources.resourcesPath;
    processWithResources.resourcesPath = packagedData;
    try {
      loadWith(packaged.electron, bundle);
      await until(() => packaged.find('new BrowserWindow').length > 0);
    } finally {
      processWithResources.resourcesPath = resourcesPath;
    }
    const menu = applicationMenu(packaged);
    expect(developerItems(menu)).toEqual([]);
    // No shortcut of ours either: Ctrl+R, Ctrl+Shift+R and Ctrl+Shift+I do nothing in an installed app.
    expect(flatten(menu).filter((item) => item.accelerator !== undefined)).toEqual([]);
    expect(flatten(menu).map((item) => item.role ?? item.label)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'about', 'Check for Updates…', 'Show Logs Folder', 'Export Diagnostics…']));
  });

  it('writes main and renderer lines to the log file in the logs folder, redacted', async () => {
    await expect(invoke('log:write', { level: 'warn', scope: 'wiring', message: `opened ${DEFAULT_SERVER}/r/${ROOM}#v1.${SECRET}` })).resolves.toEqual({ ok: true, data: null });
    await expect(invoke('log:write', { level: 'warn', scope: '../main', message: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const text = readFileSync(path.join(userData, 'sealroom.log'), 'utf8');
    expect(text).toContain('[main] ready:');
    expect(text).toMatch(new RegExp(`WARN  \\[renderer/wiring\\] opened ${DEFAULT_SERVER.replace(/\./g, '\\.')}/r/${ROOM}#<redacted>`));
    expect(text).not.toContain(SECRET);
  });

  it('exports diagnostics to the file the save dialog names, with no key', async () => {
    const answer = (await invoke('diagnostics:export')) as { ok: boolean; data: { saved: boolean; file: string } };
    expect(answer).toMatchObject({ ok: true, data: { saved: true, file: expect.stringMatching(/sealroom-diagnostics-.*\.txt$/) } });
    const text = readFileSync(answer.data.file, 'utf8');
    expect(text).toMatch(/== Versions ==[\s\S]*"node": "/);
    expect(text).toContain('[renderer/wiring] opened');
    expect(text).not.toContain(SECRET);
    main.saveDialogAnswers.push({ canceled: true });
    await expect(invoke('diagnostics:export')).resolves.toEqual({ ok: true, data: { saved: false, file: null } });
  });
});

describe('built main bundle: the mini window', () => {
  const MINI_URL = 'app://sealroom/mini.html';
  const MINI_NAME = 'sealroom-mini';
  type DoubleWindow = (typeof main.windows)[number];
  type OpenHandler = (details: { url: string; frameName?: string }) => { action: string; overrideBrowserWindowOptions?: Record<string, unknown> };
  const callWindow = () => main.windows[0]!;
  const openHandler = () => main.find('webContents.setWindowOpenHandler')[0]!.args[0] as OpenHandler;
  const asked = () => sent('window:open-mini');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Longer than main waits after a blur before it asks (MINI_WINDOW_DELAY_MS, 300 ms). */
  const PAST_THE_DELAY_MS = 600;
  const isClosed = (entry: DoubleWindow) => (entry.window as { isDestroyed(): boolean }).isDestroyed();
  const windowsCreated = () => main.find('new BrowserWindow').length;

  /** What Electron does when the call renderer calls window.open(MINI_URL, MINI_NAME) and main's handler allows it. */
  const openMini = (): DoubleWindow => {
    const answer = openHandler()({ url: MINI_URL, frameName: MINI_NAME });
    expect(answer.action).toBe('allow');
    new main.electron.BrowserWindow(answer.overrideBrowserWindowOptions!);
    const entry = main.windows.at(-1)!;
    callWindow().emitContents('did-create-window', entry.window, { url: MINI_URL, frameName: MINI_NAME });
    return entry;
  };

  it('opens on blur only during a call, as a sandboxed always-on-top window without the preload, and closes when the call window has the focus again', async () => {
    callWindow().emit('blur');
    await sleep(PAST_THE_DELAY_MS);
    expect(asked()).toEqual([]);
    expect(openHandler()({ url: MINI_URL, frameName: MINI_NAME })).toEqual({ action: 'deny' });

    await invoke('call:set-active', true);
    callWindow().emit('blur');
    await until(() => asked().length === 1);
    expect(asked()[0]).toEqual({ reason: 'blur' });
    // Only that page under that name, even now.
    for (const details of [
      { url: 'app://sealroom/index.html', frameName: MINI_NAME },
      { url: MINI_URL, frameName: '' },
      { url: 'https://evil.example/mini.html', frameName: MINI_NAME },
      { url: `${MINI_URL}?x=1`, frameName: MINI_NAME },
    ]) {
      expect(openHandler()(details)).toEqual({ action: 'deny' });
    }
    const mini = openMini();
    expect(mini.options).toMatchObject({
      width: 320,
      height: 240,
      // Bottom right of the display's work area (1920×1040 in the double), 16 px in.
      x: 1920 - 320 - 16,
      y: 1040 - 240 - 16,
      show: false,
      alwaysOnTop: true,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false },
    });
    expect(mini.options.webPreferences).not.toHaveProperty('preload');
    expect(main.find('window.showInactive')).toHaveLength(1);
    expect(main.find('window.setAlwaysOnTop').at(-1)!.args).toEqual([true, 'floating']);

    // Its page stays its own: no navigation elsewhere, no window of its own.
    const navigate = (url: string) => {
      let prevented = false;
      mini.emitContents('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://sealroom/index.html')).toBe(true);
    expect(navigate(MINI_URL)).toBe(false);
    const miniOpenHandler = main.find('webContents.setWindowOpenHandler').at(-1)!.args[0] as OpenHandler;
    expect(miniOpenHandler({ url: MINI_URL, frameName: MINI_NAME })).toEqual({ action: 'deny' });
    expect(miniOpenHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });

    // Already open: another blur or a minimise asks nothing more.
    callWindow().emit('minimize');
    await sleep(PAST_THE_DELAY_MS);
    expect(asked()).toHaveLength(1);

    callWindow().emit('focus');
    expect(isClosed(mini)).toBe(true);
  });

  it('opens on minimise and closes when the call ends', async () => {
    callWindow().emit('minimize');
    await until(() => asked().length === 2);
    expect(asked()[1]).toEqual({ reason: 'minimize' });
    const mini = openMini();
    await invoke('call:set-active', false);
    expect(isClosed(mini)).toBe(true);
    // Too late to open now.
    expect(openHandler()({ url: MINI_URL, frameName: MINI_NAME })).toEqual({ action: 'deny' });
  });

  it('a focus before the renderer opened it cancels the request; a window the user closed stays closed until the call window is back', async () => {
    await invoke('call:set-active', true);
    callWindow().emit('blur');
    callWindow().emit('focus');
    await sleep(PAST_THE_DELAY_MS);
    expect(asked()).toHaveLength(2);

    callWindow().emit('blur');
    await until(() => asked().length === 3);
    const mini = openMini();
    (mini.window as { close(): void }).close();
    callWindow().emit('minimize');
    await sleep(PAST_THE_DELAY_MS);
    expect(asked()).toHaveLength(3);
    callWindow().emit('focus');
    callWindow().emit('blur');
    await until(() => asked().length === 4);
    const again = openMini();
    // Its Return to call: the call window comes forward, the mini window goes.
    const focused = main.find('window.focus').length;
    await expect(invoke('window:return-to-call')).resolves.toEqual({ ok: true, data: null });
    expect(main.find('window.focus')).toHaveLength(focused + 1);
    expect(isClosed(again)).toBe(true);
    await invoke('call:set-active', false);
  });

  it('does not open when the setting is off', async () => {
    await expect(invoke('settings:update', { miniWindow: false })).resolves.toMatchObject({ ok: true, data: { miniWindow: false } });
    await invoke('call:set-active', true);
    const created = windowsCreated();
    callWindow().emit('blur');
    callWindow().emit('minimize');
    await sleep(PAST_THE_DELAY_MS);
    expect(asked()).toHaveLength(4);
    expect(openHandler()({ url: MINI_URL, frameName: MINI_NAME })).toEqual({ action: 'deny' });
    expect(windowsCreated()).toBe(created);
    await invoke('call:set-active', false);
    await invoke('settings:update', { miniWindow: true });
  });

  it('answers no IPC call from the mini window’s page, whatever the channel', async () => {
    const miniFrame = { senderFrame: { url: MINI_URL, parent: null } };
    for (const channel of Object.keys(invokeChannels)) {
      const handler = main.find('ipcMain.handle').find((call) => call.args[0] === channel)!.args[1] as Handler;
      await expect(handler(miniFrame, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
  });
});

describe('built preload bundle', () => {
  it('requires only what a sandboxed preload may load', () => {
    const code = readFileSync(path.join(out, 'preload', 'preload.cjs'), 'utf8');
    const required = new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect(required.size).toBeGreaterThan(0);
    for (const name of required) expect(['electron', 'events', 'timers', 'url']).toContain(name);
  });

  /** A valid request for every channel: a channel added to the contract must be given one here, or this does not compile. */
  const REQUESTS: { [C in InvokeChannel]: RequestOf<C> } = {
    'app:get-info': undefined,
    'settings:get': undefined,
    'settings:update': { displayName: 'Ada' },
    'shell:open-external': 'https://sealroom.example/help',
    'link:take-pending': undefined,
    'media:get-access-status': undefined,
    'media:request-access': 'microphone',
    'media:open-system-settings': 'camera',
    'media:set-consent': { camera: true, microphone: true },
    'screen:select': { requestId: 'no-such-request', choice: null },
    'screen:set-sharing': false,
    'call:set-active': false,
    'window:return-to-call': undefined,
    'policy:get': undefined,
    'updates:get-status': undefined,
    'updates:check': undefined,
    'updates:download': undefined,
    'updates:install': undefined,
    'log:write': { level: 'info', scope: 'wiring', message: 'preload wiring' },
    'diagnostics:export': undefined,
    'attention:notify': { title: 'A hand is raised', body: 'Someone raised a hand in your call.' },
    'attention:set-unread': 0,
  };
  const EVENTS: { [C in EventChannel]: EventOf<C> } = {
    'link:opened': { link: `${DEFAULT_SERVER}/r/${ROOM}#v1.${SECRET}` },
    'screen:pick-request': { requestId: 'pick-1', sources: [], audioSupported: false, blocked: null },
    'screen:sources-updated': { requestId: 'pick-1', sources: [] },
    'screen:pick-cancelled': { requestId: 'pick-1' },
    'updates:status': { state: 'up-to-date' },
    'window:open-mini': { reason: 'blur' },
  };

  /** The built preload, with ipcRenderer.invoke answered by the built main bundle's handlers, as Electron would. */
  const preload = createElectronDouble(userData, { invoke: (channel, ...args) => Promise.resolve(handlerFor(channel)(APP_FRAME, ...args)) });
  const handlerFor = (channel: string): Handler => {
    const handler = main.find('ipcMain.handle').find((call) => call.args[0] === channel)?.args[1] as Handler | undefined;
    if (!handler) throw new Error(`the preload invoked ${channel}, which main has no handler for`);
    return handler;
  };
  const exposed = () => {
    if (preload.find('contextBridge.exposeInMainWorld').length === 0) loadWith(preload.electron, path.join(out, 'preload', 'preload.cjs'));
    return preload.find('contextBridge.exposeInMainWorld');
  };
  const api = () => exposed()[0]!.args[1] as Record<string, unknown>;

  it('exposes exactly one object, window.sealroom, with one method per contract channel and nothing else', () => {
    expect(exposed()).toHaveLength(1);
    expect(exposed()[0]!.args[0]).toBe('sealroom');
    expect(api().kind).toBe('electron');
    const methods = [...Object.values(invokeChannels), ...Object.values(eventChannels)].map((contract) => contract.method);
    expect(Object.keys(api()).sort()).toEqual(['kind', ...methods].sort());
    for (const method of methods) expect(typeof api()[method]).toBe('function');
  });

  it.each(Object.keys(invokeChannels) as InvokeChannel[])('calls %s through its own bridge method, and main answers it', async (channel) => {
    const request = REQUESTS[channel];
    const args = request === undefined ? [] : [request];
    const before = preload.find('ipcRenderer.invoke').length;
    const answer = (await (api()[invokeChannels[channel].method] as (...args: unknown[]) => Promise<unknown>)(...args)) as { ok: boolean; error?: { message: string } };
    expect(preload.find('ipcRenderer.invoke').slice(before).map((call) => call.args)).toEqual([[channel, ...args]]);
    // The handler ran: the request passed the contract. A refusal of the handler's own (no settings page on this
    // platform, no pick request open) still shows the call arrived where it should.
    if (!answer.ok) expect(answer.error!.message).not.toMatch(new RegExp(`^Invalid request for ${channel}|did not come from|frame inside`));
  });

  it.each(Object.keys(eventChannels) as EventChannel[])('delivers %s through its own subscription, which unsubscribes', (channel) => {
    const payload = eventChannels[channel].payload.parse(EVENTS[channel]);
    const received: unknown[] = [];
    const before = preload.find('ipcRenderer.on').length;
    const unsubscribe = (api()[eventChannels[channel].method] as (listener: (payload: unknown) => void) => () => void)((value) => received.push(value));
    const subscribed = preload.find('ipcRenderer.on').slice(before);
    expect(subscribed.map((call) => call.args[0])).toEqual([channel]);
    const forward = subscribed[0]!.args[1] as (event: unknown, payload: unknown) => void;
    forward({ sender: 'ipc event' }, payload);
    forward({ sender: 'ipc event' }, 'not an object');
    expect(received).toEqual([payload]);
    unsubscribe();
    expect(preload.find('ipcRenderer.removeListener').at(-1)!.args).toEqual([channel, forward]);
  });
});
