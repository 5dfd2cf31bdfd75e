import { IpcHandlerError, type createIpcRegistrar } from '../ipc/register-handler';
import type { MediaConsent } from '../permissions';
import type { MediaAccessService } from './media-access';
import { noSettingsPageMessage, systemSettingsUrl } from './system-settings';

export interface MediaHandlerDeps {
  access: MediaAccessService;
  platform: NodeJS.Platform;
  /** shell.openExternal for the fixed settings addresses (outside the https/mailto allow-list by design). */
  openSystemUrl(url: string): Promise<void>;
  /** Mutated in place: the permission handlers read it on every request. */
  consent: MediaConsent;
}

export function registerMediaHandlers(handle: ReturnType<typeof createIpcRegistrar>, deps: MediaHandlerDeps): void {
  handle('media:get-access-status', () => deps.access.status());
  handle('media:request-access', (kind) => deps.access.request(kind));
  handle('media:open-system-settings', async (pane) => {
    const url = systemSettingsUrl(deps.platform, pane);
    if (!url) throw new IpcHandlerError('unavailable', noSettingsPageMessage(pane));
    await deps.openSystemUrl(url);
    return null;
  });
  handle('media:set-consent', ({ camera, microphone }) => {
    deps.consent.camera = camera;
    deps.consent.microphone = microphone;
    return null;
  });
}
