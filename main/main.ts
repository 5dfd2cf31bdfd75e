import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { invokeChannels } from '../shared/ipc/channels';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './app-origin';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { registerAppHandlers } from './ipc/app-handlers';
import { createIpcRegistrar } from './ipc/register-handler';
import { createConsoleLogger } from './logger';
import { guardNavigation } from './navigation-guard';
import { createPendingLink } from './pending-link';
import { createPermissionPolicy, type MediaConsent } from './permissions';
import { createSettingsStore } from './settings-store';
import { secureWebPreferences } from './window';

const log = createConsoleLogger('main');
const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, '..', 'preload', 'preload.cjs');

// Must happen before 'ready': the renderer's origin is app://sealroom, a standard, secure scheme.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

const pendingLink = createPendingLink();
let mainWindow: BrowserWindow | null = null;
// The lobby's camera/microphone switches; media requests for a kind that is off are refused.
const mediaConsent: MediaConsent = { camera: true, microphone: true };

function platformName(): 'darwin' | 'win32' | 'linux' | 'other' {
  return process.platform === 'darwin' || process.platform === 'win32' || process.platform === 'linux' ? process.platform : 'other';
}

/** The embedded local server unless SEALROOM_SERVER names another (set by `npm start`). */
function defaultServer(): string {
  return process.env.SEALROOM_SERVER ?? 'http://127.0.0.1:7880';
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Sealroom',
    show: false,
    backgroundColor: '#0f1115',
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardNavigation(window.webContents, (url) => void shell.openExternal(url), log);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) {
    mainWindow = createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function onReady(): Promise<void> {
  const permissions = createPermissionPolicy(() => mediaConsent);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) =>
    permissions.request(contents, permission, callback, details as Parameters<typeof permissions.request>[3]),
  );
  ses.setPermissionCheckHandler((contents, permission, origin, details) =>
    permissions.check(contents, permission, origin, details as Parameters<typeof permissions.check>[3]),
  );
  ses.setDevicePermissionHandler(permissions.device);

  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const handle = createIpcRegistrar(ipcMain, { isTrustedSender: isAppUrl, log });
  registerAppHandlers(handle, {
    appInfo: { name: 'Sealroom', version: app.getVersion(), platform: platformName(), shell: 'electron', defaultServer: defaultServer() },
    settings: createSettingsStore(path.join(app.getPath('userData'), 'settings.json'), log),
    takePendingLink: () => pendingLink.take(),
    openExternal: (url) => shell.openExternal(url),
  });
  log.info(`ready: ${Object.keys(invokeChannels).length} IPC channels`);

  mainWindow = createMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Sealroom is running: it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const link = argv.find((arg) => pendingLink.offer(arg));
    focusMainWindow();
    if (link && mainWindow) mainWindow.webContents.send('link:opened', { link: pendingLink.take() });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
  void app.whenReady().then(onReady);
}
