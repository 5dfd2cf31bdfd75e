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
  });
