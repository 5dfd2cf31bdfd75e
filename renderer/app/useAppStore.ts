import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/channels';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

import type { JoinChoices } from '../lobby/LobbyScreen';

export type Screen =
  | { name: 'home'; linkError?: string | undefined }
  | { name: 'settings' }
  | { name: 'lobby'; link: string }
  | { name: 'call'; link: string; choices: JoinChoices };

interface AppState {
  screen: Screen;
  appInfo: AppInfo | null;
  settings: Settings;
  settingsError: string | null;
  navigate(screen: Screen): void;
  setAppInfo(info: AppInfo): void;
  setSettings(settings: Settings): void;
  setSettingsError(message: string | null): void;
}

/** Plain, serialisable app state only; LiveKit objects never enter the store. */
export const useAppStore = create<AppState>((set) => ({
  screen: { name: 'home' },
  appInfo: null,
  settings: DEFAULT_SETTINGS,
  settingsError: null,
  navigate: (screen) => set({ screen }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings, settingsError: null }),
  setSettingsError: (settingsError) => set({ settingsError }),
}));

export const selectScreen = (state: AppState) => state.screen;
export const selectSettings = (state: AppState) => state.settings;
