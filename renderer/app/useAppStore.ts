import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/channels';
import type { PolicyState } from '../../shared/policy';
import type { UpdateStatus } from '../../shared/updates';
import type { RoomLink } from '../../shared/room-link';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { JoinChoices } from '../call';

export type Screen =
  | { name: 'home'; linkError?: string | undefined }
  /** `focus`: open with that setting focused (New call leads to the meeting server). */
  | { name: 'settings'; focus?: 'meeting-server' | undefined }
  /** Links travel as parsed values; they were checked (and their policy applied) where they came in. */
  | { name: 'lobby'; link: RoomLink }
  | { name: 'call'; link: RoomLink; choices: JoinChoices };

export interface AppState {
  screen: Screen;
  appInfo: AppInfo | null;
  settings: Settings;
  /** False until main has answered with the stored settings: first-run prompts wait for it. */
  settingsLoaded: boolean;
  settingsError: string | null;
  /** The organisation's policy; null until main has answered (App shows nothing until then). */
  policyState: PolicyState | null;
  updateStatus: UpdateStatus | null;
  navigate(screen: Screen): void;
  setAppInfo(info: AppInfo): void;
  setSettings(settings: Settings): void;
  setSettingsError(message: string | null): void;
  setPolicyState(policyState: PolicyState): void;
  setUpdateStatus(status: UpdateStatus): void;
}

/** Plain, serialisable app state only; LiveKit objects never enter the store. */
export const useAppStore = create<AppState>((set) => ({
  screen: { name: 'home' },
  appInfo: null,
  settings: DEFAULT_SETTINGS,
  settingsLoaded: false,
  settingsError: null,
  policyState: null,
  updateStatus: null,
  navigate: (screen) => set({ screen }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings, settingsLoaded: true, settingsError: null }),
  setSettingsError: (settingsError) => set({ settingsError }),
  setPolicyState: (policyState) => set({ policyState }),
  setUpdateStatus: (updateStatus) => set({ updateStatus }),
}));

