import type { SettingsPatch } from '../../shared/settings';
import { bridge } from '../bridge/bridge';
import { useAppStore } from '../app/useAppStore';

export async function loadSettings(): Promise<void> {
  const result = await bridge.getSettings();
  if (result.ok) useAppStore.getState().setSettings(result.data);
  else useAppStore.getState().setSettingsError(result.error.message);
}

export async function saveSettings(patch: SettingsPatch): Promise<boolean> {
  const result = await bridge.updateSettings(patch);
  if (result.ok) useAppStore.getState().setSettings(result.data);
  else useAppStore.getState().setSettingsError(result.error.message);
  return result.ok;
}
