import type { SettingsPatch } from '../../shared/settings';
import { bridge } from '../bridge/bridge';
import { useAppStore } from '../app/useAppStore';
import type { ExportOutcome } from './SupportSection';
import type { UpdateAction } from './update-view';

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

/** Runs an Updates button; the outcome arrives as a status change, so only a failure needs a message (returned). */
export async function runUpdateAction(kind: UpdateAction): Promise<string | null> {
  const result = kind === 'check' ? await bridge.checkForUpdates() : kind === 'download' ? await bridge.downloadUpdate() : await bridge.installUpdate();
  if (!result.ok) return `${result.error.message} Try again in a moment.`;
  if (result.data === 'nothing-to-install') return 'There is no downloaded update to install yet. Check for updates first.';
  return null;
}

export async function exportDiagnostics(): Promise<ExportOutcome> {
  const result = await bridge.exportDiagnostics().catch(() => null);
  if (result === null) return { ok: false, message: 'Sealroom could not export diagnostics.' };
  return result.ok ? { ok: true, ...result.data } : { ok: false, message: result.error.message };
}
