import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, desktopCapturer, dialog, ipcMain, Menu, nativeTheme, Notification, powerSaveBlocker, protocol, screen, session, shell, systemPreferences } from 'electron';
import { invokeChannels } from '../shared/ipc/channels';
import { parseServerOrigin } from '../shared/room-link';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { checkScreenShareAllowed, DEFAULT_POLICY_CONTROLLED_SETTINGS, effectiveSettings, type Policy } from '../shared/policy';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './app-origin';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { createAttention } from './attention/attention';
import { registerAttentionHandlers } from './attention/attention-handlers';
import { decideHost } from './deep-links/decide-host';
import { createLinkDialogs, type MessageBoxOptionsLike } from './deep-links/link-dialogs';
import { createLinkRouter } from './deep-links/link-router';
import { listenForDeepLinks, registerProtocolClient } from './deep-links/register-deep-links';
import { loadTrustedHosts, type TrustedHosts } from './deep-links/trusted-hosts';
import { registerAppHandlers } from './ipc/app-handlers';
import { createIpcRegistrar } from './ipc/register-handler';
import { registerPolicyHandlers } from './ipc/policy-handlers';
import { createEventSender } from './ipc/send-event';
import { registerUpdateHandlers } from './ipc/update-handlers';
import { createConsoleLogger } from './logger';
import { exportDiagnostics } from './logs/export-diagnostics';
import { registerLogHandlers } from './logs/log-handlers';
import { createRotatingLog } from './logs/rotating-log';
import { createMediaAccess } from './media-access/media-access';
import { appMenuTemplate } from './menu/app-menu';
import { createReloadGuard } from './menu/reload-guard';
import { registerMediaHandlers } from './media-access/media-handlers';
import { guardNavigation } from './navigation-guard';
import { createPermissionPolicy, type MediaConsent } from './permissions';
import { loadSystemPolicy } from './policy/load-policy';
import { registerCallHandlers } from './power/call-handlers';
import { createCallActivity } from './power/call-activity';
import { createContentProtection } from './screen-share/content-protection';
import { createDisplayMediaPicker, NODE_TIMERS } from './screen-share/display-media-picker';
import { registerScreenHandlers } from './screen-share/screen-handlers';
import { enablePipeWireCapture, isWaylandSession } from './screen-share/wayland-capture';
import { createSettingsStore } from './settings-store';
import { checkForUpdatesFromMenu } from './updates/check-from-menu';
import { createUpdateController } from './updates/start-updates';
import { secureWebPreferences } from './window';
import { createMiniWindow, isCallWindowUrl, isMiniWindowUrl, registerMiniWindowHandlers } from './windows/mini-window';

// The app's log folder (~/Library/Logs/Sealroom on macOS, inside userData elsewhere): main's and the renderer's
// lines, redacted, in a file that rotates at 1 MB and keeps three older ones. Help → Show Logs Folder opens it.
app.setAppLogsPath();
const logFile = createRotatingLog({ dir: app.getPath('logs'), name: 'sealroom', maxBytes: 1_000_000, keep: 3 });
const log = createConsoleLogger('main', console, logFile);
const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, '..', 'preload', 'preload.cjs');

// Must happen before 'ready': the renderer's origin is app://sealroom, a standard, secure scheme.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
enablePipeWireCapture(app.commandLine, process.platform, process.env);

let mainWindow: BrowserWindow | null = null;
// The lobby's camera/microphone switches (media:set-consent); media requests for a kind that is off are refused.
const mediaConsent: MediaConsent = { camera: true, microphone: true };
/** Read at 'ready', before the window exists; links wait for it (the router is not ready until then). */
let policy: Policy = {};
let trustedHosts: TrustedHosts | null = null;
/** The user's settings as main last read or wrote them (null until 'ready'). */
let userSettings: () => Settings | null = () => null;

const sendEvent = createEventSender(() => mainWindow?.webContents ?? null, log);
const calls = createCallActivity(powerSaveBlocker, log);
/** Also for the update controller (main/updates): never restart into an update during a call. */
const isInCall = (): boolean => calls.isInCall();

const showMessageBox = (options: MessageBoxOptionsLike) => (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
const tellUser = (message: string) =>
  void showMessageBox({ type: 'info', title: 'Sealroom', message, detail: '', buttons: ['OK'], defaultId: 0, cancelId: 0, noLink: true });
const reloadWindow = createReloadGuard({ target: () => mainWindow?.webContents ?? null, isInCall, showMessageBox });
const linkDialogs = createLinkDialogs(showMessageBox);
const linkRouter = createLinkRouter({
  decideHost: (link) => decideHost(link, policy, (host) => trustedHosts?.has(host) ?? false),
  confirmHost: (link) => linkDialogs.confirmHost(link),
  rememberHost: async (link) => trustedHosts?.add(link.host),
  isInCall,
  confirmLeaveCall: (link) => linkDialogs.confirmLeaveCall(link),
  tellUser: (message) => linkDialogs.tellUser(message),
  deliver: (link) => sendEvent('link:opened', { link }),
  log,
});

const openExternal = (url: string) => void shell.openExternal(url);
const miniWindow = createMiniWindow({
  enabled: () => (userSettings() ?? DEFAULT_SETTINGS).miniWindow,
  inCall: isInCall,
  ask: (reason) => sendEvent('window:open-mini', { reason }),
  workArea: () => (mainWindow ? screen.getDisplayMatching(mainWindow.getBounds()).workArea : null),
  contentProtected: () => contentProtection.isOn(),
  guard: (contents) => guardNavigation(contents, openExternal, log, { allowNavigation: isMiniWindowUrl }),
  timers: NODE_TIMERS,
  now: () => Date.now(),
  log,
});
calls.onChange((inCall) => miniWindow.callChanged(inCall));

const mediaAccess = createMediaAccess(process.platform, systemPreferences);
const attention = createAttention({
  app,
  window: () => mainWindow,
  notifications: { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
  platform: process.platform,
  focusWindow: () => focusMainWindow(),
});
const contentProtection = createContentProtection(() => BrowserWindow.getAllWindows());
// A share cannot outlive its call.
calls.onChange((inCall) => !inCall && contentProtection.set(false));
const screenPicker = createDisplayMediaPicker({
  capturer: desktopCapturer,
  send: sendEvent,
  isTrustedUrl: isAppUrl,
  checkAllowed: () => {
    const check = checkScreenShareAllowed(policy);
    return check.ok ? check : { ok: false, message: check.error.message };
  },
  screenAccess: () => mediaAccess.screenStatus(),
  audioSupported: process.platform === 'win32',
  // On Wayland each listing opens the desktop portal's dialog, so the one answer it gives is kept.
  refreshIntervalMs: process.platform === 'linux' && isWaylandSession(process.env) ? null : 3000,
  excludedSourceIds: () => BrowserWindow.getAllWindows().map((window) => window.getMediaSourceId()),
  onGranted: () => contentProtection.set(true),
  answerTimeoutMs: 5 * 60_000,
  timers: NODE_TIMERS,
  newId: () => crypto.randomUUID(),
  log,
});

function platformName(): 'darwin' | 'win32' | 'linux' | 'other' {
  return process.platform === 'darwin' || process.platform === 'win32' || process.platform === 'linux' ? process.platform : 'other';
}

/**
 * The server a fresh install suggests for new calls: SEALROOM_SERVER (`npm start` points it at the embedded server).
 * An installed app has none: the user chooses one in Settings, or the organisation's policy sets it.
 */
function builtInServer(): string | null {
  const configured = process.env.SEALROOM_SERVER;
  if (configured === undefined || configured === '') return null;
  const parsed = parseServerOrigin(configured);
  if (parsed.ok) return parsed.value.origin;
  log.warn(`SEALROOM_SERVER is ignored: ${parsed.error.message}`);
  return null;
}

function hostOf(origin: string | null | undefined): string[] {
  const parsed = origin ? parseServerOrigin(origin) : null;
  return parsed?.ok ? [parsed.value.host] : [];
}

/** A reload or a closed window ends whatever the renderer was doing: the call, an open picker, link delivery. */
function rendererStopped(): void {
  linkRouter.rendererGone();
  screenPicker.cancel('the window reloaded or closed');
  calls.setActive(false);
  contentProtection.set(false);
  attention.reset();
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Sealroom',
    show: false,
    // The page's own background (renderer/theme): dark, or light when the system is.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f4f5f7',
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardNavigation(window.webContents, openExternal, log, { allowWindow: miniWindow.windowOpenOptions });
  miniWindow.follow(window);
  window.webContents.on('did-start-loading', rendererStopped);
  window.once('ready-to-show', () => window.show());
  window.on('focus', () => attention.windowFocused());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    rendererStopped();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function focusMainWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) {
    mainWindow = createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function onReady(): Promise<void> {
  const permissions = createPermissionPolicy(
    () => mediaConsent,
    (kinds) => mediaAccess.ensure(kinds),
  );
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) =>
    permissions.request(contents, permission, callback, details as Parameters<typeof permissions.request>[3]),
  );
  ses.setPermissionCheckHandler((contents, permission, origin, details) =>
    permissions.check(contents, permission, origin, details as Parameters<typeof permissions.check>[3]),
  );
  ses.setDevicePermissionHandler(permissions.device);
  // macOS 15+ may show its own picker instead of ours (then the handler is not called).
  ses.setDisplayMediaRequestHandler((request, callback) => void screenPicker.handleRequest(request, callback), {
    useSystemPicker: process.platform === 'darwin',
  });

  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  // Policy comes before the handlers: app:get-info and policy:get answer with it, and the updater obeys it.
  const policyState = await loadSystemPolicy(log);
  policy = policyState.policy;
  const suggestedServer = builtInServer();
  const eff = effectiveSettings({ ...DEFAULT_POLICY_CONTROLLED_SETTINGS, defaultServer: suggestedServer }, policy);
  const settings = createSettingsStore(path.join(app.getPath('userData'), 'settings.json'), log);
  // Loaded before links are routed: links to the user's own meeting server open without asking.
  await settings.load();
  userSettings = settings.peek;

  const handle = createIpcRegistrar(ipcMain, { isTrustedSender: isCallWindowUrl, log });
  registerAppHandlers(handle, {
    appInfo: { name: 'Sealroom', version: app.getVersion(), platform: platformName(), shell: 'electron', defaultServer: suggestedServer },
    settings,
    takePendingLink: () => linkRouter.takePending(),
    openExternal: (url) => shell.openExternal(url),
  });
  registerMediaHandlers(handle, { access: mediaAccess, platform: process.platform, openSystemUrl: (url) => shell.openExternal(url), consent: mediaConsent });
  registerScreenHandlers(handle, { picker: screenPicker, protection: contentProtection });
  registerCallHandlers(handle, calls);
  registerAttentionHandlers(handle, attention);
  registerMiniWindowHandlers(handle, () => {
    focusMainWindow();
    miniWindow.close();
  });
  registerPolicyHandlers(handle, policyState);

  const updates = createUpdateController({ settings: eff.settings, managedKeys: eff.managedKeys, isInCall, logger: log });
  updates.onStatus((status) => sendEvent('updates:status', status));
  // A restart the user asked for during a call happens once the call is over.
  calls.onChange((inCall) => {
    if (!inCall) updates.callEnded();
  });
  registerUpdateHandlers(handle, updates);

  const exportBundle = () =>
    exportDiagnostics({
      async chooseFile(defaultName) {
        const options = { title: 'Export diagnostics', defaultPath: path.join(app.getPath('downloads'), defaultName), filters: [{ name: 'Text', extensions: ['txt'] }] };
        const answer = await (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options));
        return answer.canceled || !answer.filePath ? null : answer.filePath;
      },
      writeFile: (file, text) => writeFile(file, text, { mode: 0o600 }),
      collect: async () => ({
        app: { name: 'Sealroom', version: app.getVersion(), shell: 'electron', platform: process.platform },
        versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node, os: `${os.type()} ${os.release()} ${os.arch()}` },
        policy: policyState,
        settings: settings.peek(),
        updates: updates.getStatus(),
        inCall: calls.isInCall(),
        logs: logFile.tail(256_000),
      }),
      log,
    });
  registerLogHandlers(handle, { rendererLogger: (scope) => createConsoleLogger(`renderer/${scope}`, console, logFile), exportDiagnostics: exportBundle });
  log.info(`ready: ${Object.keys(invokeChannels).length} IPC channels`);

  app.setAboutPanelOptions({ applicationName: 'Sealroom', applicationVersion: app.getVersion(), version: `Electron ${process.versions.electron ?? ''}`, copyright: 'Copyright © Sealroom' });
  const menu = appMenuTemplate({
    platform: process.platform,
    isPackaged: app.isPackaged,
    appName: app.getName(),
    actions: {
      checkForUpdates: () => void checkForUpdatesFromMenu(updates, app.getVersion()).then(tellUser),
      showLogsFolder: () => void mkdir(logFile.dir, { recursive: true }).then(() => shell.openPath(logFile.dir)),
      exportDiagnostics: () =>
        void exportBundle()
          .then(({ file }) => file && shell.showItemInFolder(file))
          .catch((error: unknown) => tellUser(`Sealroom could not save the diagnostics: ${error instanceof Error ? error.message : String(error)}`)),
      reload: (kind) => void reloadWindow(kind),
      toggleDevTools: () => mainWindow?.webContents.toggleDevTools(),
    },
  });
  // Ours on every OS: Electron's default would bring Reload (Ctrl+R ends the call) and the developer tools.
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu));

  // Links to the server new calls are made on open without asking: the policy's, the built-in one and the user's.
  const builtInHosts = [...new Set([...hostOf(eff.settings.defaultServer), ...hostOf(suggestedServer)])];
  const remembered = await loadTrustedHosts(path.join(app.getPath('userData'), 'trusted-link-hosts.json'), builtInHosts, log);
  trustedHosts = { ...remembered, has: (host) => remembered.has(host) || hostOf(settings.peek()?.meetingServer).includes(host) };
  updates.start();
  mainWindow = createMainWindow();
  void linkRouter.appReady();
}

if (!app.requestSingleInstanceLock()) {
  // Another Sealroom is running: it receives our argv through 'second-instance'.
  app.quit();
} else {
  registerProtocolClient(app, { platform: process.platform, argv: process.argv, execPath: process.execPath, isPackaged: app.isPackaged });
  listenForDeepLinks(app, linkRouter, { platform: process.platform, argv: process.argv }, focusMainWindow);
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
