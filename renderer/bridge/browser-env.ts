import type { WebBridgeEnv } from './web-bridge';

/** What the web bridge uses of the page it runs in. */
export function browserEnv(page: Window): WebBridgeEnv {
  return {
    storage: page.localStorage,
    location: page.location,
    history: page.history,
    open: (url) => void page.open(url, '_blank', 'noopener,noreferrer'),
    mediaDevices: page.navigator.mediaDevices,
    permissions: page.navigator.permissions,
    wakeLock: page.navigator.wakeLock,
    userAgent: page.navigator.userAgent,
    focus: () => page.focus(),
    download(fileName, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const anchor = Object.assign(page.document.createElement('a'), { href: url, download: fileName });
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
