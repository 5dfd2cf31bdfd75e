import type { SealroomBridge } from '../../shared/bridge';
import { createWebBridge } from './web-bridge';

/** The one global the renderer uses: the preload's bridge in Electron, the browser implementation on the web. */
export const bridge: SealroomBridge =
  window.sealroom ??
  createWebBridge({
    storage: window.localStorage,
    location: window.location,
    history: window.history,
    open: (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
    mediaDevices: navigator.mediaDevices,
    permissions: navigator.permissions,
    wakeLock: navigator.wakeLock,
    userAgent: navigator.userAgent,
    download(fileName, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const anchor = Object.assign(document.createElement('a'), { href: url, download: fileName });
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
