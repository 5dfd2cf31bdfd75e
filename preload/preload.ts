import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { SealroomBridge } from '../shared/bridge';

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
  onLinkOpened(listener) {
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      const link = (payload as { link?: unknown } | null)?.link;
      if (typeof link === 'string') listener(link);
    };
    ipcRenderer.on('link:opened', forward);
    return () => void ipcRenderer.removeListener('link:opened', forward);
  },
};

contextBridge.exposeInMainWorld('sealroom', bridge);
