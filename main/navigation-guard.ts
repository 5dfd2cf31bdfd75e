import { isAllowedExternalUrl } from '../shared/external-url';
import type { Logger } from './logger';

export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The window never navigates away from the app and never opens another window. Links the user clicks open in the
 * system browser when they pass the external allow-list; everything else is dropped.
 */
export function guardNavigation(contents: GuardedWebContents, openExternal: (url: string) => void, log: Logger): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    log.warn(`blocked navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
