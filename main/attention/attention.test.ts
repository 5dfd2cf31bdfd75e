import { describe, expect, it } from 'vitest';
import { createAttention, type NotificationLike } from './attention';

function fakes(platform: NodeJS.Platform = 'linux') {
  const calls: string[] = [];
  const state = { focused: false, supported: true };
  const notifications: Array<NotificationLike & { options: unknown; emit(event: string): void }> = [];
  const window = {
    isDestroyed: () => false,
    isFocused: () => state.focused,
    flashFrame: (flag: boolean) => void calls.push(`flash:${flag}`),
  };
  const attention = createAttention({
    platform,
    window: () => window,
    focusWindow: () => void calls.push('focus'),
    app: {
      setBadgeCount: (count) => (calls.push(`badge:${count}`), true),
      dock: { bounce: (type) => (calls.push(`bounce:${type}`), 1) },
    },
    notifications: {
      isSupported: () => state.supported,
      create(options) {
        const listeners = new Map<string, () => void>();
        const notification = {
          options,
          show: () => void calls.push('show'),
          on: (event: string, listener: () => void) => void listeners.set(event, listener),
          emit: (event: string) => listeners.get(event)?.(),
        };
        notifications.push(notification);
        return notification;
      },
    },
  });
  return { attention, calls, state, notifications };
}

describe('attention (badge, flash, notifications)', () => {
  it('badges every unread count and flashes the taskbar only when the count rises while the window is in the background', () => {
    const { attention, calls, state } = fakes('linux');
    attention.setUnread(1);
    attention.setUnread(2);
    expect(calls).toEqual(['badge:1', 'flash:true', 'badge:2', 'flash:true']);
    calls.length = 0;
    state.focused = true;
    attention.setUnread(3);
    attention.setUnread(3);
    expect(calls).toEqual(['badge:3', 'badge:3']);
    calls.length = 0;
    attention.windowFocused();
    attention.setUnread(0);
    expect(calls).toEqual(['flash:false', 'badge:0', 'flash:false']);
  });

  it('bounces the dock on macOS instead of flashing', () => {
    const { attention, calls } = fakes('darwin');
    attention.setUnread(1);
    expect(calls).toEqual(['badge:1', 'bounce:informational']);
  });

  it('clears the badge when the renderer goes away, once', () => {
    const { attention, calls } = fakes();
    attention.reset();
    expect(calls).toEqual([]);
    attention.setUnread(4);
    calls.length = 0;
    attention.reset();
    attention.reset();
    expect(calls).toEqual(['badge:0', 'flash:false']);
  });

  it('shows a silent notification with exactly the text it was given, and a click brings the window back', () => {
    const { attention, calls, notifications, state } = fakes();
    expect(attention.notify({ title: 'A hand is raised', body: 'Someone raised a hand in your call.' })).toEqual({ shown: true });
    expect(notifications.map((n) => n.options)).toEqual([{ title: 'A hand is raised', body: 'Someone raised a hand in your call.', silent: true }]);
    expect(calls).toEqual(['show']);
    notifications[0]!.emit('click');
    expect(calls).toEqual(['show', 'focus']);
    state.supported = false;
    expect(attention.notify({ title: 'x', body: '' })).toEqual({ shown: false });
    expect(notifications).toHaveLength(1);
  });
});
