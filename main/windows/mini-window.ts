import { MINI_WINDOW_NAME, MINI_WINDOW_PATH, MINI_WINDOW_SIZE } from '../../shared/mini-window';
import { APP_HOST, APP_SCHEME, isAppUrl } from '../app-origin';
import type { createIpcRegistrar } from '../ipc/register-handler';
import type { Logger } from '../logger';
import type { GuardedWebContents, WindowOpenDetails } from '../navigation-guard';
import { SANDBOXED_WEB_PREFERENCES } from '../window';

/**
 * The call's mini window: a small always-on-top window showing the active speaker while the call's window is in the
 * background. Main decides when (the call window's blur/minimise during a call, the setting on) and asks the call
 * renderer to open it (`window:open-mini`); the renderer opens MINI_WINDOW_URL with `window.open` and draws into it,
 * so the call, its keys and its media stay in one renderer. Main allows that one window, only for a few seconds after
 * asking, with the options below, and closes it when the call window comes back or the call ends.
 */

export const MINI_WINDOW_URL = `${APP_SCHEME}://${APP_HOST}${MINI_WINDOW_PATH}`;

/** After a blur: a quick switch away and back does not flash a window. */
export const MINI_WINDOW_DELAY_MS = 300;
/** How long after asking main accepts the renderer's window.open. */
const ANSWER_WINDOW_MS = 5000;
const SCREEN_MARGIN = 16;

export function isMiniWindowUrl(url: string | null | undefined): boolean {
  if (!url || !isAppUrl(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.pathname === MINI_WINDOW_PATH && parsed.search === '' && parsed.hash === '';
  } catch {
    return false;
  }
}

/**
 * Who main answers over IPC: the app's own pages except the mini window. The mini window has no preload and so no
 * bridge; this is the second lock, should anything ever reach ipcRenderer from it.
 */
export function isCallWindowUrl(url: string | null | undefined): boolean {
  return isAppUrl(url) && !isMiniWindowUrl(url);
}

export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The mini window's BrowserWindow options. Its webPreferences are the call window's sandboxed set without the
 * preload: the page runs no script of its own (the call renderer draws into it), so it needs no bridge. A real URL,
 * not about:blank, because Electron copies the opener's webPreferences, preload included, into an about:blank child.
 */
export function miniWindowOptions(workArea: WorkArea | null) {
  const { width, height } = MINI_WINDOW_SIZE;
  const corner = workArea
    ? { x: Math.round(workArea.x + workArea.width - width - SCREEN_MARGIN), y: Math.round(workArea.y + workArea.height - height - SCREEN_MARGIN) }
    : {};
  return {
    width,
    height,
    ...corner,
    minWidth: 200,
    minHeight: 150,
    title: 'Sealroom call',
    // Shown without taking the focus from whatever the user switched to (showInactive once created).
    show: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    backgroundColor: '#0f1115',
    webPreferences: { ...SANDBOXED_WEB_PREFERENCES },
  };
}

/** The slice of a BrowserWindow the mini window needs. */
export interface MiniBrowserWindow {
  webContents: GuardedWebContents;
  showInactive(): void;
  setAlwaysOnTop(flag: boolean, level?: 'floating'): void;
  setContentProtection(enable: boolean): void;
  removeMenu(): void;
  close(): void;
  isDestroyed(): boolean;
  once(event: 'closed', listener: () => void): unknown;
}

/** The slice of the call's BrowserWindow it follows. */
export interface CallBrowserWindow {
  on(event: 'blur' | 'focus' | 'minimize' | 'restore', listener: () => void): unknown;
  webContents: {
    on(event: 'did-create-window', listener: (window: MiniBrowserWindow, details: WindowOpenDetails) => void): unknown;
  };
}

export interface MiniWindowOptions {
  /** The user's setting (Settings → Mini window), read each time. */
  enabled(): boolean;
  inCall(): boolean;
  /** Asks the call renderer to open the window: the `window:open-mini` event. */
  ask(reason: 'blur' | 'minimize'): void;
  workArea(): WorkArea | null;
  /** Whether Sealroom's windows are being kept out of a screen share now. */
  contentProtected(): boolean;
  /** Navigation and window-open guard for the mini window's page. */
  guard(contents: GuardedWebContents): void;
  timers: { setTimeout(run: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  now(): number;
  log: Logger;
}

export function createMiniWindow(options: MiniWindowOptions) {
  let window: MiniBrowserWindow | null = null;
  let askedAt: number | null = null;
  let allowed = false;
  let timer: unknown = null;
  /** The user closed it while the call window was away: not again until the call window has been back. */
  let dismissed = false;

  const cancel = () => {
    if (timer !== null) options.timers.clearTimeout(timer);
    timer = null;
    askedAt = null;
    allowed = false;
  };

  const close = (): void => {
    cancel();
    const open = window;
    window = null;
    if (open && !open.isDestroyed()) open.close();
  };

  const schedule = (reason: 'blur' | 'minimize'): void => {
    if (window || dismissed || timer !== null || !options.enabled() || !options.inCall()) return;
    timer = options.timers.setTimeout(() => {
      timer = null;
      if (window || !options.enabled() || !options.inCall()) return;
      askedAt = options.now();
      options.ask(reason);
    }, MINI_WINDOW_DELAY_MS);
  };

  const adopt = (child: MiniBrowserWindow, details: WindowOpenDetails): void => {
    // Only the window just allowed; one that arrives after the call window came back (or the call ended) goes.
    if (!allowed || !isMiniWindowUrl(details.url)) return void child.close();
    allowed = false;
    window = child;
    options.guard(child.webContents);
    child.removeMenu();
    child.setAlwaysOnTop(true, 'floating');
    if (options.contentProtected()) child.setContentProtection(true);
    child.once('closed', () => {
      if (window !== child) return;
      window = null;
      dismissed = true;
    });
    child.showInactive();
    options.log.info('mini window opened');
  };

  return {
    /** Follows the call window: away (blur, minimise) opens, back (focus, restore) closes. */
    follow(callWindow: CallBrowserWindow): void {
      callWindow.on('blur', () => schedule('blur'));
      callWindow.on('minimize', () => schedule('minimize'));
      const back = () => {
        dismissed = false;
        close();
      };
      callWindow.on('focus', back);
      callWindow.on('restore', back);
      callWindow.webContents.on('did-create-window', adopt);
    },
    /** For the call window's window-open guard: the mini window's options when this is the open main asked for. */
    windowOpenOptions(details: WindowOpenDetails): object | null {
      if (window || askedAt === null || options.now() - askedAt > ANSWER_WINDOW_MS) return null;
      if (!isMiniWindowUrl(details.url) || details.frameName !== MINI_WINDOW_NAME) return null;
      askedAt = null;
      allowed = true;
      return miniWindowOptions(options.workArea());
    },
    callChanged(inCall: boolean): void {
      if (!inCall) close();
    },
    close,
    isOpen: (): boolean => window !== null,
  };
}

export type MiniWindow = ReturnType<typeof createMiniWindow>;

export function registerMiniWindowHandlers(handle: ReturnType<typeof createIpcRegistrar>, returnToCall: () => void): void {
  handle('window:return-to-call', () => {
    returnToCall();
    return null;
  });
}
