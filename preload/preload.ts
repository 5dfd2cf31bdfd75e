import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeCall, BridgeSubscription, EventMethodOf, InvokeMethodOf, SealroomBridge } from '../shared/bridge';
import type { EventChannel, EventOf, InvokeChannel } from '../shared/ipc/channels';

/**
 * Which channel a bridge method was built for, known only to the compiler: with it, a method wired to another
 * channel does not compile even when both channels take and answer the same types (`updates:check`, `updates:download`).
 */
declare const wiredTo: unique symbol;
type WiredTo<F, C> = F & { readonly [wiredTo]: C };

/** The bridge as the preload builds it: each contract method made from its own channel. */
type WiredBridge = { readonly kind: 'electron' } & { readonly [C in InvokeChannel as InvokeMethodOf<C>]: WiredTo<BridgeCall<C>, C> } & {
  readonly [C in EventChannel as EventMethodOf<C>]: WiredTo<BridgeSubscription<C>, C>;
};

/** The preload's private, typed invoke: the channel must be in the contract, and the method it makes is that channel's. */
function invoke<C extends InvokeChannel>(channel: C): WiredTo<BridgeCall<C>, C> {
  const call = (...request: unknown[]) => ipcRenderer.invoke(channel, ...request);
  return call as unknown as WiredTo<BridgeCall<C>, C>;
}

/**
 * Main validates every event against the contract before sending it (main/ipc/send-event.ts); here we only
 * refuse anything that is not an object, so a listener never sees the raw IPC event or a primitive.
 */
function subscribe<C extends EventChannel>(channel: C): WiredTo<BridgeSubscription<C>, C> {
  const on = (listener: (payload: EventOf<C>) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      if (typeof payload === 'object' && payload !== null) listener(payload as EventOf<C>);
    };
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  };
  return on as WiredTo<BridgeSubscription<C>, C>;
}

/**
 * The whole surface the renderer gets: one method per IPC channel. No generic invoke, no ipcRenderer, no
 * process — a compromised page can do nothing main would not also accept from the real UI.
 */
const bridge: WiredBridge = {
  kind: 'electron',
  getAppInfo: invoke('app:get-info'),
  getSettings: invoke('settings:get'),
  updateSettings: invoke('settings:update'),
  openExternal: invoke('shell:open-external'),
  takePendingLink: invoke('link:take-pending'),
  onLinkOpened: subscribe('link:opened'),
  getMediaAccessStatus: invoke('media:get-access-status'),
  requestMediaAccess: invoke('media:request-access'),
  openMediaSettings: invoke('media:open-system-settings'),
  setMediaConsent: invoke('media:set-consent'),
  onScreenPickRequest: subscribe('screen:pick-request'),
  onScreenSourcesUpdated: subscribe('screen:sources-updated'),
  onScreenPickCancelled: subscribe('screen:pick-cancelled'),
  selectScreenSource: invoke('screen:select'),
  setScreenSharing: invoke('screen:set-sharing'),
  setCallActive: invoke('call:set-active'),
  returnToCall: invoke('window:return-to-call'),
  onMiniWindowOpen: subscribe('window:open-mini'),
  getPolicy: invoke('policy:get'),
  getUpdateStatus: invoke('updates:get-status'),
  checkForUpdates: invoke('updates:check'),
  downloadUpdate: invoke('updates:download'),
  installUpdate: invoke('updates:install'),
  onUpdateStatus: subscribe('updates:status'),
  writeLog: invoke('log:write'),
  exportDiagnostics: invoke('diagnostics:export'),
  showNotification: invoke('attention:notify'),
  setUnreadCount: invoke('attention:set-unread'),
};

contextBridge.exposeInMainWorld('sealroom', bridge satisfies SealroomBridge);
