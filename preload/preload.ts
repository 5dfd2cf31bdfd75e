import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { SealroomBridge } from '../shared/bridge';
import type { EventChannel, EventOf } from '../shared/ipc/channels';

/**
 * Main validates every event against the contract before sending it (main/ipc/send-event.ts); here we only
 * refuse anything that is not an object, so a listener never sees the raw IPC event or a primitive.
 */
function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: unknown) => {
    if (typeof payload === 'object' && payload !== null) listener(payload as EventOf<C>);
  };
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

/**
 * The whole surface the renderer gets: one method per IPC channel. No generic invoke, no ipcRenderer, no
 * process — a compromised page can do nothing main would not also accept from the real UI.
 */
const bridge: SealroomBridge = {
  kind: 'electron',
  getAppInfo: () => ipcRenderer.invoke('app:get-info'),
  getSettings: () => ipcRenderer.invoke('settings:get'),
  updateSettings: (patch) => ipcRenderer.invoke('settings:update', patch),
  openExternal: (url) => ipcRenderer.invoke('shell:open-external', { url }),
  takePendingLink: () => ipcRenderer.invoke('link:take-pending'),
  onLinkOpened: (listener) => subscribe('link:opened', ({ link }) => typeof link === 'string' && listener(link)),
  getMediaAccessStatus: () => ipcRenderer.invoke('media:get-access-status'),
  requestMediaAccess: (kind) => ipcRenderer.invoke('media:request-access', { kind }),
  openMediaSettings: (pane) => ipcRenderer.invoke('media:open-system-settings', { pane }),
  setMediaConsent: ({ camera, microphone }) => ipcRenderer.invoke('media:set-consent', { camera, microphone }),
  onScreenPickRequest: (listener) => subscribe('screen:pick-request', listener),
  onScreenSourcesUpdated: (listener) => subscribe('screen:sources-updated', listener),
  onScreenPickCancelled: (listener) => subscribe('screen:pick-cancelled', ({ requestId }) => listener(requestId)),
  selectScreenSource: (selection) => ipcRenderer.invoke('screen:select', selection),
  setScreenSharing: (sharing) => ipcRenderer.invoke('screen:set-sharing', { sharing }),
  setCallActive: (active) => ipcRenderer.invoke('call:set-active', { active }),
  getPolicy: () => ipcRenderer.invoke('policy:get'),
  getUpdateStatus: () => ipcRenderer.invoke('updates:get-status'),
  checkForUpdates: () => ipcRenderer.invoke('updates:check'),
  downloadUpdate: () => ipcRenderer.invoke('updates:download'),
  installUpdate: () => ipcRenderer.invoke('updates:install'),
  onUpdateStatus: (listener) => subscribe('updates:status', listener),
};

contextBridge.exposeInMainWorld('sealroom', bridge);
