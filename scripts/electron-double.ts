// A recording stand-in for the `electron` module: enough of its shape for the built main bundle and preload to
// boot in plain Node, recording every call so a test can assert what the app wires up.
import path from 'node:path';

export interface Recorded {
  path: string;
  args: unknown[];
}

type Fn = (...args: unknown[]) => unknown;

/** A NativeImage stand-in: a few bytes of "JPEG" so thumbnails travel as data URLs. */
const fakeImage = (empty = false) => ({ isEmpty: () => empty, toJPEG: () => new Uint8Array([0xff, 0xd8, 0xff]), toPNG: () => new Uint8Array([0x89, 0x50]) });

/** What desktopCapturer.getSources answers, including Sealroom's own window (which must never be offered). */
export const FAKE_CAPTURE_SOURCES = [
  { id: 'screen:0:0', name: 'Entire screen', thumbnail: fakeImage(), appIcon: null },
  { id: 'window:42:0', name: 'Quarterly report.pdf', thumbnail: fakeImage(), appIcon: fakeImage() },
  { id: 'window:7:0', name: 'Sealroom', thumbnail: fakeImage(), appIcon: fakeImage() },
];
export const OWN_WINDOW_SOURCE_ID = 'window:7:0';

export interface ElectronDoubleOptions {
  /** What ipcRenderer.invoke answers, e.g. a call into the main double's handlers; by default `{ ok: true, data: null }`. */
  invoke?: (channel: string, ...args: unknown[]) => Promise<unknown>;
  /** `app.isPackaged`: false (as under `npm start`) unless a test boots main as an installed app. */
  isPackaged?: boolean;
}

export function createElectronDouble(userData: string, options: ElectronDoubleOptions = {}) {
  const calls: Recorded[] = [];
  const listeners = new Map<string, Fn[]>();
  const windows: Array<{
    options: Record<string, unknown>;
    contents: Record<string, unknown>;
    window: object;
    /** Fires an event on this window only (`emit` fires it on every window). */
    emit(event: string, ...args: unknown[]): void;
    /** Fires an event on this window's webContents only. */
    emitContents(event: string, ...args: unknown[]): void;
  }> = [];
  let ready = false;
  let nextBlocker = 1;
  /** Answers for dialog.showMessageBox, first in first out; the default is the first button, box unticked. */
  const dialogAnswers: Array<{ response: number; checkboxChecked: boolean }> = [];
  /** What the windows' isFocused() answers; a test sets it to put the app in the background. */
  const focus = { focused: true };
  /** Answers for dialog.showSaveDialog; by default the suggested file name, saved in userData. */
  const saveDialogAnswers: Array<{ canceled: boolean; filePath?: string }> = [];

  /** Any member nobody configured: callable, chainable, recorded. */
  const recorder = (path: string): unknown =>
    new Proxy(function () {}, {
      apply: (_target, _this, args: unknown[]) => {
        calls.push({ path, args });
        return recorder(`${path}()`);
      },
      get: (_target, prop) => (prop === 'then' || typeof prop === 'symbol' ? undefined : recorder(`${path}.${String(prop)}`)),
    });

  const withFallback = <T extends object>(path: string, known: T): T =>
    new Proxy(known, {
      get: (target, prop) => {
        if (prop in target) return target[prop as keyof T];
        return typeof prop === 'symbol' ? undefined : recorder(`${path}.${prop}`);
      },
    });

  const record = (path: string, result?: unknown): Fn => (...args) => {
    calls.push({ path, args });
    return result;
  };
  const on = (path: string, own?: Map<string, Fn[]>): Fn => (event, listener) => {
    calls.push({ path, args: [event] });
    const key = `${path}:${String(event)}`;
    listeners.set(key, [...(listeners.get(key) ?? []), listener as Fn]);
    own?.set(String(event), [...(own.get(String(event)) ?? []), listener as Fn]);
  };
  const fire = (own: Map<string, Fn[]>, event: string, args: unknown[]) => (own.get(event) ?? []).forEach((listener) => listener(...args));

  const session = withFallback('session.defaultSession', {
    setPermissionRequestHandler: record('session.setPermissionRequestHandler'),
    setPermissionCheckHandler: record('session.setPermissionCheckHandler'),
    setDevicePermissionHandler: record('session.setDevicePermissionHandler'),
    setDisplayMediaRequestHandler: record('session.setDisplayMediaRequestHandler'),
  });

  class BrowserWindow {
    static getAllWindows = () => windows.map((entry) => entry.window);
    webContents: Record<string, unknown>;
    private readonly own = new Map<string, Fn[]>();
    private readonly ownContents = new Map<string, Fn[]>();
    private destroyed = false;
    constructor(options: Record<string, unknown>) {
      calls.push({ path: 'new BrowserWindow', args: [options] });
      this.webContents = withFallback('webContents', {
        on: on('webContents.on', this.ownContents),
        once: on('webContents.once', this.ownContents),
        setWindowOpenHandler: record('webContents.setWindowOpenHandler'),
        send: record('webContents.send'),
        isDestroyed: () => false,
        session,
      });
      const window = withFallback('BrowserWindow', this as unknown as object);
      windows.push({
        options,
        contents: this.webContents,
        window,
        emit: (event, ...args) => fire(this.own, event, args),
        emitContents: (event, ...args) => fire(this.ownContents, event, args),
      });
      return window as BrowserWindow;
    }
    on = on('window.on', this.own);
    once = on('window.once', this.own);
    /** Like Electron: the window goes, and says so once. */
    close = () => {
      calls.push({ path: 'window.close', args: [] });
      if (this.destroyed) return;
      this.destroyed = true;
      fire(this.own, 'closed', []);
    };
    isDestroyed = () => this.destroyed;
    showInactive = record('window.showInactive');
    setAlwaysOnTop = record('window.setAlwaysOnTop');
    removeMenu = record('window.removeMenu');
    getBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
    loadURL = record('window.loadURL', Promise.resolve());
    getMediaSourceId = () => OWN_WINDOW_SOURCE_ID;
    setContentProtection = record('window.setContentProtection');
    isMinimized = () => false;
    isFocused = () => focus.focused;
    focus = record('window.focus');
    flashFrame = record('window.flashFrame');
  }

  class Notification {
    static isSupported = () => true;
    constructor(options: Record<string, unknown>) {
      calls.push({ path: 'new Notification', args: [options] });
    }
    show = record('notification.show');
    on = on('notification.on');
  }

  const electron = {
    app: withFallback('app', {
      whenReady: () => {
        ready = true;
        return Promise.resolve();
      },
      isReady: () => ready,
      requestSingleInstanceLock: record('app.requestSingleInstanceLock', true),
      enableSandbox: record('app.enableSandbox'),
      on: on('app.on'),
      once: on('app.once'),
      quit: record('app.quit'),
      getPath: () => userData,
      getVersion: () => '0.0.0-test',
      getName: () => 'Sealroom',
      isPackaged: options.isPackaged ?? false,
      commandLine: withFallback('app.commandLine', {
        appendSwitch: record('app.commandLine.appendSwitch'),
        hasSwitch: () => false,
        getSwitchValue: () => '',
      }),
      setAsDefaultProtocolClient: record('app.setAsDefaultProtocolClient', true),
      setBadgeCount: record('app.setBadgeCount', true),
    }),
    BrowserWindow,
    Notification,
    Menu: withFallback('Menu', {
      buildFromTemplate: (template: unknown) => {
        calls.push({ path: 'Menu.buildFromTemplate', args: [template] });
        return { template };
      },
      setApplicationMenu: record('Menu.setApplicationMenu'),
    }),
    ipcMain: withFallback('ipcMain', { handle: record('ipcMain.handle'), on: on('ipcMain.on') }),
    protocol: withFallback('protocol', {
      registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
      handle: record('protocol.handle'),
    }),
    session: withFallback('session', { defaultSession: session }),
    shell: withFallback('shell', { openExternal: record('shell.openExternal', Promise.resolve()) }),
    dialog: withFallback('dialog', {
      showMessageBox: (...args: unknown[]) => {
        calls.push({ path: 'dialog.showMessageBox', args });
        return Promise.resolve(dialogAnswers.shift() ?? { response: 0, checkboxChecked: false });
      },
      showSaveDialog: (...args: unknown[]) => {
        calls.push({ path: 'dialog.showSaveDialog', args });
        const options = args.at(-1) as { defaultPath?: string };
        return Promise.resolve(saveDialogAnswers.shift() ?? { canceled: false, filePath: path.join(userData, path.basename(options.defaultPath ?? 'saved.txt')) });
      },
    }),
    desktopCapturer: withFallback('desktopCapturer', {
      getSources: (...args: unknown[]) => {
        calls.push({ path: 'desktopCapturer.getSources', args });
        return Promise.resolve(FAKE_CAPTURE_SOURCES);
      },
    }),
    screen: withFallback('screen', {
      getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    }),
    powerSaveBlocker: withFallback('powerSaveBlocker', {
      start: (...args: unknown[]) => {
        calls.push({ path: 'powerSaveBlocker.start', args });
        return nextBlocker++;
      },
      stop: record('powerSaveBlocker.stop'),
    }),
    systemPreferences: withFallback('systemPreferences', {
      getMediaAccessStatus: () => 'granted',
      askForMediaAccess: () => Promise.resolve(true),
    }),
    contextBridge: withFallback('contextBridge', { exposeInMainWorld: record('contextBridge.exposeInMainWorld') }),
    ipcRenderer: withFallback('ipcRenderer', {
      invoke: (channel: unknown, ...args: unknown[]) => {
        calls.push({ path: 'ipcRenderer.invoke', args: [channel, ...args] });
        return options.invoke ? options.invoke(String(channel), ...args) : Promise.resolve({ ok: true, data: null });
      },
      on: record('ipcRenderer.on'),
      removeListener: record('ipcRenderer.removeListener'),
    }),
  };

  const find = (path: string) => calls.filter((call) => call.path === path);
  /** Fires an event on a recorded emitter, e.g. emit('app.on', 'second-instance', {}, argv). */
  const emit = (path: string, event: string, ...args: unknown[]) => (listeners.get(`${path}:${event}`) ?? []).forEach((listener) => listener(...args));
  return { electron: withFallback('electron', electron), calls, find, listeners, windows, emit, dialogAnswers, saveDialogAnswers, focus };
}
