// A recording stand-in for the `electron` module: enough of its shape for the built main bundle and preload to
// boot in plain Node, recording every call so a test can assert what the app wires up.

export interface Recorded {
  path: string;
  args: unknown[];
}

type Fn = (...args: unknown[]) => unknown;

export function createElectronDouble(userData: string) {
  const calls: Recorded[] = [];
  const listeners = new Map<string, Fn[]>();
  const windows: Array<{ options: Record<string, unknown>; contents: Record<string, unknown> }> = [];

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
  const on = (path: string): Fn => (event, listener) => {
    calls.push({ path, args: [event] });
    const key = `${path}:${String(event)}`;
    listeners.set(key, [...(listeners.get(key) ?? []), listener as Fn]);
  };

  const session = withFallback('session.defaultSession', {
    setPermissionRequestHandler: record('session.setPermissionRequestHandler'),
    setPermissionCheckHandler: record('session.setPermissionCheckHandler'),
    setDevicePermissionHandler: record('session.setDevicePermissionHandler'),
    setDisplayMediaRequestHandler: record('session.setDisplayMediaRequestHandler'),
  });

  class BrowserWindow {
    static getAllWindows = () => windows.map(() => ({}));
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      calls.push({ path: 'new BrowserWindow', args: [options] });
      this.webContents = withFallback('webContents', {
        on: on('webContents.on'),
        once: on('webContents.once'),
        setWindowOpenHandler: record('webContents.setWindowOpenHandler'),
        send: record('webContents.send'),
        session,
      });
      windows.push({ options, contents: this.webContents });
      return withFallback('BrowserWindow', this as unknown as object) as BrowserWindow;
    }
    on = on('window.on');
    once = on('window.once');
    loadURL = record('window.loadURL', Promise.resolve());
  }

  const electron = {
    app: withFallback('app', {
      whenReady: () => Promise.resolve(),
      isReady: () => false,
      requestSingleInstanceLock: record('app.requestSingleInstanceLock', true),
      enableSandbox: record('app.enableSandbox'),
      on: on('app.on'),
      once: on('app.once'),
      quit: record('app.quit'),
      getPath: () => userData,
      getVersion: () => '0.0.0-test',
      getName: () => 'Sealroom',
      isPackaged: false,
      commandLine: withFallback('app.commandLine', {
        appendSwitch: record('app.commandLine.appendSwitch'),
        hasSwitch: () => false,
        getSwitchValue: () => '',
      }),
      setAsDefaultProtocolClient: record('app.setAsDefaultProtocolClient', true),
    }),
    BrowserWindow,
    ipcMain: withFallback('ipcMain', { handle: record('ipcMain.handle'), on: on('ipcMain.on') }),
    protocol: withFallback('protocol', {
      registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
      handle: record('protocol.handle'),
    }),
    session: withFallback('session', { defaultSession: session }),
    shell: withFallback('shell', { openExternal: record('shell.openExternal', Promise.resolve()) }),
    contextBridge: withFallback('contextBridge', { exposeInMainWorld: record('contextBridge.exposeInMainWorld') }),
    ipcRenderer: withFallback('ipcRenderer', {
      invoke: record('ipcRenderer.invoke', Promise.resolve({ ok: true, data: null })),
      on: record('ipcRenderer.on'),
      removeListener: record('ipcRenderer.removeListener'),
    }),
  };

  const find = (path: string) => calls.filter((call) => call.path === path);
  return { electron: withFallback('electron', electron), calls, find, listeners, windows };
}
