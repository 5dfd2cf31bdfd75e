import { MINI_WINDOW_NAME, MINI_WINDOW_PATH, MINI_WINDOW_SIZE } from '../../../shared/mini-window';

/**
 * Where the mini window comes from. Both kinds are windows of this same renderer (same origin, same JavaScript
 * realm), so the call view portals into them: the Room, the E2EE worker and the keys stay where they are.
 *
 * - Electron: `window.open(MINI_WINDOW_PATH, MINI_WINDOW_NAME)` when main asks; main allows exactly that, once, as a
 *   sandboxed window without the preload (main/windows/mini-window.ts), and answers null otherwise.
 * - Browser: Document Picture-in-Picture (Chromium 116+). `requestWindow` needs a user activation: the call's Mini
 *   window button, or Chromium's automatic picture-in-picture when the tab is hidden (the media session's
 *   `enterpictureinpicture` action, Chromium 134+, for pages using the camera or microphone). A browser gives a page no
 *   way to open a window when the browser window merely loses focus.
 */
export interface MiniWindowHost {
  readonly kind: 'electron-window' | 'document-pip';
  /** The mini window's page, ready to draw into, or null when it was refused. */
  open(): Promise<Window | null>;
}

interface DocumentPictureInPicture {
  requestWindow(options: { width: number; height: number }): Promise<Window>;
}

export interface HostPage {
  open(url: string, target: string, features: string): Window | null;
  documentPictureInPicture?: DocumentPictureInPicture | undefined;
  setTimeout(run: () => void, ms: number): unknown;
}

const PAGE_LOAD_MS = 5000;
const POLL_MS = 25;

/** The popup starts on about:blank; it is ours to draw into once mini.html has loaded in it. */
function whenLoaded(page: HostPage, popup: Window): Promise<Window | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const loaded = () => {
      try {
        return popup.location.pathname === MINI_WINDOW_PATH && popup.document.readyState === 'complete';
      } catch {
        // Not ours to read (it went elsewhere): main closes such a window, and so do we.
        return false;
      }
    };
    const check = () => {
      if (loaded()) return resolve(popup);
      if (popup.closed || Date.now() - started > PAGE_LOAD_MS) {
        popup.close();
        return resolve(null);
      }
      page.setTimeout(check, POLL_MS);
    };
    check();
  });
}

export function miniWindowHost(shell: 'electron' | 'web', page: HostPage): MiniWindowHost | null {
  if (shell === 'electron') {
    return {
      kind: 'electron-window',
      async open() {
        const popup = page.open(MINI_WINDOW_PATH, MINI_WINDOW_NAME, 'popup');
        return popup ? whenLoaded(page, popup) : null;
      },
    };
  }
  const pip = page.documentPictureInPicture;
  if (!pip) return null;
  return { kind: 'document-pip', open: () => pip.requestWindow({ ...MINI_WINDOW_SIZE }) };
}

/** Gives the mini window's empty page the app's styles (copied from the call's page) and its own look. */
export function prepareMiniDocument(from: Document, to: Document): void {
  to.title = 'Sealroom call';
  to.documentElement.lang = from.documentElement.lang;
  for (const source of from.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel="stylesheet"], style')) {
    if (source.tagName === 'LINK') {
      const link = to.createElement('link');
      link.rel = 'stylesheet';
      link.href = (source as HTMLLinkElement).href;
      to.head.append(link);
    } else {
      const style = to.createElement('style');
      style.textContent = source.textContent;
      to.head.append(style);
    }
  }
  to.body.className = 'mini-window';
}

interface MediaSessionLike {
  setActionHandler(action: string, handler: (() => void) | null): void;
}

/**
 * Chromium's automatic picture-in-picture: when the user switches away from the call's tab, Chromium calls this
 * handler with the activation `requestWindow` needs. Returns the unregister, or null where the browser has no such
 * action (it throws for an unknown action).
 */
export function offerAutomaticPictureInPicture(mediaSession: MediaSessionLike | undefined, open: () => void): (() => void) | null {
  if (!mediaSession) return null;
  try {
    mediaSession.setActionHandler('enterpictureinpicture', open);
  } catch {
    return null;
  }
  return () => mediaSession.setActionHandler('enterpictureinpicture', null);
}
