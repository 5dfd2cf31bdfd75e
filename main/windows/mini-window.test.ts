import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../shared/ipc/channels';
import { createIpcRegistrar } from '../ipc/register-handler';
import { guardNavigation, type GuardedWebContents, type WindowOpenDetails } from '../navigation-guard';
import { secureWebPreferences } from '../window';
import {
  createMiniWindow,
  isCallWindowUrl,
  isMiniWindowUrl,
  MINI_WINDOW_DELAY_MS,
  MINI_WINDOW_URL,
  miniWindowOptions,
  type CallBrowserWindow,
  type MiniBrowserWindow,
} from './mini-window';

const quiet = { info() {}, warn() {}, error() {} };

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: WindowOpenDetails) => unknown) | undefined;
  const contents: GuardedWebContents = {
    on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => (openHandler = handler),
  };
  const navigate = (event: 'will-navigate' | 'will-redirect', url: string) => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, navigate, open: (details: WindowOpenDetails) => openHandler!(details) };
}

describe('the mini window’s page', () => {
  it('is one exact app:// page', () => {
    expect(MINI_WINDOW_URL).toBe('app://sealroom/mini.html');
    expect(isMiniWindowUrl(MINI_WINDOW_URL)).toBe(true);
    for (const url of ['app://sealroom/index.html', 'app://sealroom/mini.html?x', 'app://sealroom/mini.html#k', 'https://sealroom/mini.html', 'app://other/mini.html', 'about:blank', '', null]) {
      expect(isMiniWindowUrl(url)).toBe(false);
    }
  });

  it('gets the call window’s sandboxed webPreferences without the preload', () => {
    const { webPreferences } = miniWindowOptions(null);
    const { preload: _preload, ...callWindow } = secureWebPreferences('/app/preload.cjs');
    expect(webPreferences).toEqual(callWindow);
    expect(webPreferences).not.toHaveProperty('preload');
    expect(webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('is small, on top, shown without the focus, and sits in the bottom-right corner of the work area', () => {
    expect(miniWindowOptions({ x: 100, y: 50, width: 1600, height: 900 })).toMatchObject({
      width: 320,
      height: 240,
      x: 100 + 1600 - 320 - 16,
      y: 50 + 900 - 240 - 16,
      show: false,
      alwaysOnTop: true,
      fullscreenable: false,
    });
    expect(miniWindowOptions(null)).not.toHaveProperty('x');
  });

  it('may call no IPC channel: every one refuses its frame, and the call window’s frame still gets through', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const handle = createIpcRegistrar({ handle: (channel, listener) => void handlers.set(channel, listener as never) }, { isTrustedSender: isCallWindowUrl, log: quiet });
    for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) handle(channel, () => null as never);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    for (const [channel, handler] of handlers) {
      await expect(handler({ senderFrame: { url: MINI_WINDOW_URL, parent: null } }), channel).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
    const fromCallWindow = await handlers.get('call:set-active')!({ senderFrame: { url: 'app://sealroom/index.html', parent: null } }, true);
    expect(fromCallWindow).toEqual({ ok: true, data: null });
  });

  it('navigates nowhere but its own page and opens no window', () => {
    const { contents, navigate, open } = fakeContents();
    const external: string[] = [];
    guardNavigation(contents, (url) => external.push(url), quiet, { allowNavigation: isMiniWindowUrl });
    expect(navigate('will-navigate', MINI_WINDOW_URL)).toBe(false);
    expect(navigate('will-navigate', 'app://sealroom/index.html')).toBe(true);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(open({ url: MINI_WINDOW_URL, frameName: 'sealroom-mini' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://help.example/' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://help.example/']);
  });
});

class FakeTimers {
  private pending = new Map<number, () => void>();
  private next = 1;
  setTimeout = (run: () => void, ms: number) => {
    expect(ms).toBe(MINI_WINDOW_DELAY_MS);
    this.pending.set(this.next, run);
    return this.next++;
  };
  clearTimeout = (handle: unknown) => void this.pending.delete(handle as number);
  flush(): void {
    const runs = [...this.pending.values()];
    this.pending.clear();
    runs.forEach((run) => run());
  }
}

function fakeCallWindow() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const window: CallBrowserWindow = {
    on: (event: string, listener: () => void) => listeners.set(event, listener),
    webContents: { on: (event: string, listener: (...args: never[]) => void) => listeners.set(event, listener as (...args: unknown[]) => void) },
  };
  return { window, fire: (event: string, ...args: unknown[]) => listeners.get(event)!(...args) };
}

function fakeMiniWindow() {
  let closed: (() => void) | undefined;
  const calls: string[] = [];
  let destroyed = false;
  const window: MiniBrowserWindow = {
    webContents: fakeContents().contents,
    showInactive: () => void calls.push('showInactive'),
    setAlwaysOnTop: (flag, level) => void calls.push(`setAlwaysOnTop ${flag} ${level}`),
    setContentProtection: (enable) => void calls.push(`setContentProtection ${enable}`),
    removeMenu: () => void calls.push('removeMenu'),
    close: () => {
      calls.push('close');
      destroyed = true;
      closed?.();
    },
    isDestroyed: () => destroyed,
    once: (_event, listener) => (closed = listener),
  };
  return { window, calls };
}

function setup(state: { enabled?: boolean; inCall?: boolean; protectedNow?: boolean } = {}) {
  const timers = new FakeTimers();
  const asked: string[] = [];
  const guarded: unknown[] = [];
  let now = 0;
  const flags = { enabled: true, inCall: true, protectedNow: false, ...state };
  const mini = createMiniWindow({
    enabled: () => flags.enabled,
    inCall: () => flags.inCall,
    ask: (reason) => asked.push(reason),
    workArea: () => ({ x: 0, y: 0, width: 1000, height: 800 }),
    contentProtected: () => flags.protectedNow,
    guard: (contents) => guarded.push(contents),
    timers,
    now: () => now,
    log: quiet,
  });
  const call = fakeCallWindow();
  mini.follow(call.window);
  const request = { url: MINI_WINDOW_URL, frameName: 'sealroom-mini' };
  return { mini, call, timers, asked, guarded, flags, request, advance: (ms: number) => (now += ms) };
}

describe('when main opens the mini window', () => {
  it('asks after a blur during a call, allows that one window, and adopts it guarded, on top and unfocused', () => {
    const { mini, call, timers, asked, guarded, request } = setup({ protectedNow: true });
    call.fire('blur');
    expect(asked).toEqual([]);
    expect(mini.windowOpenOptions(request)).toBeNull();
    timers.flush();
    expect(asked).toEqual(['blur']);
    expect(mini.windowOpenOptions({ ...request, frameName: 'other' })).toBeNull();
    expect(mini.windowOpenOptions(request)).toMatchObject({ alwaysOnTop: true, x: 1000 - 320 - 16 });
    // Once: a second window.open is refused.
    expect(mini.windowOpenOptions(request)).toBeNull();
    const child = fakeMiniWindow();
    call.fire('did-create-window', child.window, request);
    expect(mini.isOpen()).toBe(true);
    expect(guarded).toEqual([child.window.webContents]);
    expect(child.calls).toEqual(['removeMenu', 'setAlwaysOnTop true floating', 'setContentProtection true', 'showInactive']);
    call.fire('focus');
    expect(child.calls.at(-1)).toBe('close');
    expect(mini.isOpen()).toBe(false);
  });

  it('does nothing outside a call or with the setting off, and forgets a request the renderer did not answer in time', () => {
    for (const state of [{ inCall: false }, { enabled: false }]) {
      const { call, timers, asked } = setup(state);
      call.fire('blur');
      call.fire('minimize');
      timers.flush();
      expect(asked).toEqual([]);
    }
    const { mini, call, timers, asked, request, advance } = setup();
    call.fire('minimize');
    timers.flush();
    expect(asked).toEqual(['minimize']);
    advance(5001);
    expect(mini.windowOpenOptions(request)).toBeNull();
  });

  it('closes a window that arrives after the call window came back, and closes the open one when the call ends', () => {
    const { mini, call, timers, request, flags } = setup();
    call.fire('blur');
    timers.flush();
    expect(mini.windowOpenOptions(request)).not.toBeNull();
    call.fire('restore');
    const late = fakeMiniWindow();
    call.fire('did-create-window', late.window, request);
    expect(late.calls).toEqual(['close']);
    expect(mini.isOpen()).toBe(false);

    call.fire('blur');
    timers.flush();
    mini.windowOpenOptions(request);
    const child = fakeMiniWindow();
    call.fire('did-create-window', child.window, request);
    flags.inCall = false;
    mini.callChanged(false);
    expect(child.calls.at(-1)).toBe('close');
  });
});
