import path from 'node:path';
import type { LinkRouter } from './link-router';

const LINK_SCHEME = 'sealroom';

/** The slice of Electron's `app` that deep links need. */
export interface DeepLinkAppLike {
  on(event: 'will-finish-launching', listener: () => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(
    event: 'continue-activity',
    listener: (event: { preventDefault(): void }, type: string, userInfo: unknown, details: { webpageURL?: string }) => void,
  ): unknown;
  isReady(): boolean;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

export interface ProcessShape {
  platform: NodeJS.Platform;
  argv: readonly string[];
  execPath: string;
  isPackaged: boolean;
}

/**
 * Makes the OS send sealroom:// links to this app. Installers register it too (electron-builder `protocols`);
 * this keeps it right for a copy that was moved, and in development, where the executable is Electron itself and
 * the app path must follow it. On Windows the link is placed after `--`, which ends Chromium's switch parsing, so
 * a link that breaks out of its quotes cannot add switches (CVE-2018-1000006); other systems ignore path and args.
 */
export function registerProtocolClient(app: Pick<DeepLinkAppLike, 'setAsDefaultProtocolClient'>, proc: ProcessShape): boolean {
  const endOfSwitches = proc.platform === 'win32' ? ['--'] : [];
  if (proc.isPackaged) {
    return endOfSwitches.length ? app.setAsDefaultProtocolClient(LINK_SCHEME, proc.execPath, endOfSwitches) : app.setAsDefaultProtocolClient(LINK_SCHEME);
  }
  const appPath = proc.argv[1];
  if (!appPath || appPath.startsWith('-')) return false;
  return app.setAsDefaultProtocolClient(LINK_SCHEME, proc.execPath, [path.resolve(appPath), ...endOfSwitches]);
}

/**
 * Listens everywhere a link can arrive. Call before 'ready' (open-url can fire during launch on macOS, so it is
 * registered inside will-finish-launching). `focus` shows the window when a link comes in while running.
 */
export function listenForDeepLinks(app: DeepLinkAppLike, router: LinkRouter, proc: Pick<ProcessShape, 'platform' | 'argv'>, focus: () => void): void {
  // macOS delivers links through open-url, never argv; elsewhere the first instance finds its link in argv.
  if (proc.platform !== 'darwin') router.receiveArgv(proc.argv, 'argv');

  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      router.receiveUrl(url, 'open-url');
      if (app.isReady()) focus();
    });
  });

  // macOS universal links: an https room link routed to the app by an associated domain (docs/deep-links.md).
  if (proc.platform === 'darwin') {
    app.on('continue-activity', (event, type, _userInfo, details) => {
      if (type !== 'NSUserActivityTypeBrowsingWeb') return;
      event.preventDefault();
      if (router.receiveUrl(details.webpageURL, 'universal-link')) focus();
    });
  }

  app.on('second-instance', (_event, argv) => {
    router.receiveArgv(argv, 'second-instance');
    focus();
  });
}
