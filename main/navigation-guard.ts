import { isAllowedExternalUrl } from '../shared/external-url';
import type { Logger } from './logger';

export interface WindowOpenDetails {
  url: string;
  /** window.open's target name; Electron passes '' when there is none. */
  frameName?: string;
}
export type WindowOpenAnswer = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions: object };

export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenAnswer): void;
}

export interface GuardExceptions {
  /** The one window this page may open (the call's mini window, when main asked for it): its options, else null. */
  allowWindow?(details: WindowOpenDetails): object | null;
  /** The one page this window may navigate to (the mini window's own, as it opens). */
  allowNavigation?(url: string): boolean;
}

/**
 * The window never navigates away from the app and opens no other window than the exception main grants. Links the
 * user clicks open in the system browser when they pass the external allow-list; everything else is dropped.
 */
export function guardNavigation(contents: GuardedWebContents, openExternal: (url: string) => void, log: Logger, exceptions: GuardExceptions = {}): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (exceptions.allowNavigation?.(url)) return;
    event.preventDefault();
    log.warn(`blocked navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const options = exceptions.allowWindow?.(details) ?? null;
    if (options) return { action: 'allow', overrideBrowserWindowOptions: options };
    if (isAllowedExternalUrl(details.url)) openExternal(details.url);
    return { action: 'deny' };
  });
}
