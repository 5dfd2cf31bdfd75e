import type { IpcResult } from './ipc/result';
import type { AppInfo } from './ipc/channels';
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
}
