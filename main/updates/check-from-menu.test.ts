import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/updates';
import { checkForUpdatesFromMenu } from './check-from-menu';

function controller(before: UpdateStatus, after: UpdateStatus) {
  let status = before;
  let checks = 0;
  return {
    getStatus: () => status,
    check: async () => {
      checks++;
      status = after;
    },
    checks: () => checks,
  };
}

describe('Help → Check for Updates', () => {
  it('checks and says what it found', async () => {
    const updates = controller({ state: 'idle' }, { state: 'available', version: '1.5.0' });
    await expect(checkForUpdatesFromMenu(updates, '1.4.0')).resolves.toBe('Sealroom 1.5.0 is available. Download it in Settings → Updates.');
    const current = controller({ state: 'idle' }, { state: 'up-to-date' });
    await expect(checkForUpdatesFromMenu(current, '1.4.0')).resolves.toBe('Sealroom 1.4.0 is up to date.');
  });

  it('makes no request when this copy cannot or may not update itself, and says why', async () => {
    const message = 'Your organisation has turned off automatic updates for Sealroom.';
    const updates = controller({ state: 'disabled', managed: true, message }, { state: 'up-to-date' });
    await expect(checkForUpdatesFromMenu(updates, '1.4.0')).resolves.toBe(message);
    expect(updates.checks()).toBe(0);
  });
});
