import type { createIpcRegistrar } from '../ipc/register-handler';
import type { DisplayMediaPicker } from './display-media-picker';

export interface ContentProtectable {
  setContentProtection(enable: boolean): void;
}

export function registerScreenHandlers(
  handle: ReturnType<typeof createIpcRegistrar>,
  deps: { picker: DisplayMediaPicker; windows(): ContentProtectable[] },
): void {
  handle('screen:select', (selection) => {
    deps.picker.select(selection);
    return null;
  });
  // While sharing, our own windows (the call, its controls) stay out of any capture, including a whole-screen share.
  handle('screen:set-sharing', ({ sharing }) => {
    for (const window of deps.windows()) window.setContentProtection(sharing);
    return null;
  });
}
