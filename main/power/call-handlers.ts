import type { createIpcRegistrar } from '../ipc/register-handler';
import type { CallActivity } from './call-activity';

export function registerCallHandlers(handle: ReturnType<typeof createIpcRegistrar>, calls: CallActivity): void {
  handle('call:set-active', (active) => {
    calls.setActive(active);
    return null;
  });
}
