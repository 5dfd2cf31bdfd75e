import type { createIpcRegistrar } from '../ipc/register-handler';
import type { ContentProtection } from './content-protection';
import type { DisplayMediaPicker } from './display-media-picker';

export function registerScreenHandlers(
  handle: ReturnType<typeof createIpcRegistrar>,
  deps: { picker: DisplayMediaPicker; protection: ContentProtection },
): void {
  handle('screen:select', (selection) => {
    deps.picker.select(selection);
    return null;
  });
  handle('screen:set-sharing', (sharing) => {
    deps.protection.set(sharing);
    return null;
  });
}
