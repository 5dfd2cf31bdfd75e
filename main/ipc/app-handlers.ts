import { isAllowedExternalUrl } from '../../shared/external-url';
import type { AppInfo } from '../../shared/ipc/channels';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { IpcHandlerError, type createIpcRegistrar } from './register-handler';

export interface AppHandlerDeps {
  appInfo: AppInfo;
  settings: { load(): Promise<Settings>; update(patch: SettingsPatch): Promise<Settings> };
  takePendingLink(): string | null;
  openExternal(url: string): Promise<void>;
}

export function registerAppHandlers(handle: ReturnType<typeof createIpcRegistrar>, deps: AppHandlerDeps): void {
  handle('app:get-info', () => deps.appInfo);
  handle('settings:get', () => deps.settings.load());
  handle('settings:update', (patch) => deps.settings.update(patch));
  handle('link:take-pending', () => deps.takePendingLink());
  handle('shell:open-external', async (url) => {
    if (!isAllowedExternalUrl(url)) throw new IpcHandlerError('not-allowed', 'Only https and mailto links can be opened outside Sealroom.');
    await deps.openExternal(url);
    return null;
  });
}
