import type { createIpcRegistrar } from '../ipc/register-handler';
import type { Attention } from './attention';

export function registerAttentionHandlers(handle: ReturnType<typeof createIpcRegistrar>, attention: Attention): void {
  handle('attention:notify', (notification) => attention.notify(notification));
  handle('attention:set-unread', (count) => {
    attention.setUnread(count);
    return null;
  });
}
