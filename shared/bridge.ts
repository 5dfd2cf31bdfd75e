import type { IpcResult } from './ipc/result';
import type { PolicyState } from './policy';
import type { InstallRequestResult, UpdateStatus } from './updates';
import type {
  AppInfo,
  EventOf,
  MediaAccess,
  MediaAccessStatus,
  MediaDeviceKind,
  PrivacyPane,
  ScreenPickRequest,
  ScreenSelection,
} from './ipc/channels';
import type { Settings, SettingsPatch } from './settings';

/**
 * What the renderer may ask of the desktop. The preload exposes it as `window.sealroom` in Electron;
 * a browser implementation serves the web build. One method per channel; subscriptions return an unsubscribe.
 */
export interface SealroomBridge {
  readonly kind: 'electron' | 'web';
  getAppInfo(): Promise<IpcResult<AppInfo>>;
  getSettings(): Promise<IpcResult<Settings>>;
  updateSettings(patch: SettingsPatch): Promise<IpcResult<Settings>>;
  openExternal(url: string): Promise<IpcResult<null>>;
  takePendingLink(): Promise<IpcResult<string | null>>;
  onLinkOpened(listener: (link: string) => void): () => void;

  /** What the OS allows (camera, microphone, screen recording); the lobby explains a denial. */
  getMediaAccessStatus(): Promise<IpcResult<MediaAccess>>;
  /** Shows the OS prompt when the user has not decided yet (macOS); otherwise reports the current answer. */
  requestMediaAccess(kind: MediaDeviceKind): Promise<IpcResult<{ granted: boolean; status: MediaAccessStatus }>>;
  /** Opens the system privacy page where the user can allow Sealroom. */
  openMediaSettings(pane: PrivacyPane): Promise<IpcResult<null>>;
  /** The lobby's camera/microphone switches; media for a kind switched off is refused. */
  setMediaConsent(consent: { camera: boolean; microphone: boolean }): Promise<IpcResult<null>>;

  /** getDisplayMedia was called: show the picker for this request. */
  onScreenPickRequest(listener: (request: ScreenPickRequest) => void): () => void;
  onScreenSourcesUpdated(listener: (update: EventOf<'screen:sources-updated'>) => void): () => void;
  onScreenPickCancelled(listener: (requestId: string) => void): () => void;
  /** Answers a pick request: a source (and whether to share audio), or null for cancel. */
  selectScreenSource(selection: ScreenSelection): Promise<IpcResult<null>>;
  setScreenSharing(sharing: boolean): Promise<IpcResult<null>>;
  setCallActive(active: boolean): Promise<IpcResult<null>>;

  /** The organisation's policy as read at startup; the web build answers with no policy. */
  getPolicy(): Promise<IpcResult<PolicyState>>;
  getUpdateStatus(): Promise<IpcResult<UpdateStatus>>;
  checkForUpdates(): Promise<IpcResult<null>>;
  downloadUpdate(): Promise<IpcResult<null>>;
  installUpdate(): Promise<IpcResult<InstallRequestResult>>;
  onUpdateStatus(listener: (status: UpdateStatus) => void): () => void;
}
