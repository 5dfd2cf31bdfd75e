import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../shared/ipc/channels';
import { buildElectron } from './build-electron.mjs';
import { createElectronDouble } from './electron-double';

/** Boots the *built* bundles in Node against a recording `electron`: catches bundling and wiring breaks. */
const out = mkdtempSync(path.join(tmpdir(), 'sealroom-wiring-'));
const userData = mkdtempSync(path.join(tmpdir(), 'sealroom-userdata-'));
const require = createRequire(import.meta.url);
const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };

function loadWith(double: unknown, bundle: string): void {
  const original = moduleInternals._load;
  moduleInternals._load = (request, ...rest) => (request === 'electron' ? double : original(request, ...rest));
  try {
    require(bundle);
  } finally {
    moduleInternals._load = original;
  }
}

type Handler = (...args: unknown[]) => unknown;
const main = createElectronDouble(userData);

beforeAll(async () => {
  await buildElectron(out);
  mkdirSync(path.join(out, 'renderer'), { recursive: true });
  writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Sealroom</title>');
  loadWith(main.electron, path.join(out, 'main', 'main.cjs'));
  // Let app.whenReady().then(onReady) run.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}, 60_000);

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
    await expect(getSettings({ senderFrame: { url: 'https://evil.example/' } })).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    await expect(handlers.get('settings:update')!({ senderFrame: { url: 'app://sealroom/index.html' } }, { displayName: 7 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await expect(getSettings({ senderFrame: { url: 'app://sealroom/index.html' } })).resolves.toMatchObject({ ok: true });
  });

  it('serves the renderer through app:// with the CSP header', async () => {
    const [scheme, handler] = main.find('protocol.handle')[0]!.args as [string, (request: { url: string }) => Promise<Response>];
    expect(scheme).toBe('app');
    const response = await handler({ url: 'app://sealroom/index.html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
  });
});

describe('built preload bundle', () => {
  it('requires only what a sandboxed preload may load', () => {
    const code = readFileSync(path.join(out, 'preload', 'preload.cjs'), 'utf8');
    const required = new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect(required.size).toBeGreaterThan(0);
    for (const name of required) expect(['electron', 'events', 'timers', 'url']).toContain(name);
  });

  it('exposes exactly one object, window.sealroom, with one method per bridge call', () => {
    const preload = createElectronDouble(userData);
    loadWith(preload.electron, path.join(out, 'preload', 'preload.cjs'));
    const exposed = preload.find('contextBridge.exposeInMainWorld');
    expect(exposed).toHaveLength(1);
    const [name, api] = exposed[0]!.args as [string, Record<string, unknown>];
    expect(name).toBe('sealroom');
    expect(api.kind).toBe('electron');
    for (const [key, value] of Object.entries(api)) if (key !== 'kind') expect(typeof value).toBe('function');
    const unsubscribe = (api.onLinkOpened as (listener: () => void) => () => void)(() => undefined);
    unsubscribe();
    expect(preload.find('ipcRenderer.removeListener')).toHaveLength(1);
  });
});
