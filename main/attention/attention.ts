import type { AttentionNotification } from '../../shared/ipc/channels';

/** The slices of Electron's app, BrowserWindow and Notification this module needs, so tests can drive it without Electron. */
export interface AttentionAppLike {
  /** The dock badge on macOS, the launcher badge on Linux (Unity); Windows has none and answers false. */
  setBadgeCount(count: number): boolean;
  dock?: { bounce(type: 'informational' | 'critical'): number } | undefined;
}

export interface AttentionWindowLike {
  isDestroyed(): boolean;
  isFocused(): boolean;
  /** The taskbar entry flashes until the window is focused (Windows, Linux). */
  flashFrame(flag: boolean): void;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationFactory {
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NotificationLike;
}

export interface AttentionDeps {
  app: AttentionAppLike;
  window(): AttentionWindowLike | null;
  notifications: NotificationFactory;
  platform: NodeJS.Platform;
  /** Brings the main window back (a click on a notification). */
  focusWindow(): void;
}

/**
 * Getting the user's attention while Sealroom is in the background: OS notifications (their text is decided by the
 * renderer, which leaves names and chat out unless the user allowed previews), the unread badge, and the taskbar
 * flash or dock bounce when the count rises while the window is not focused.
 */
export function createAttention(deps: AttentionDeps) {
  let unread = 0;
  // Electron drops a notification's click handler once the object is garbage collected: keep each until it closes.
  const open = new Set<NotificationLike>();
  const usableWindow = () => {
    const window = deps.window();
    return window && !window.isDestroyed() ? window : null;
  };

  return {
    notify(notification: AttentionNotification): { shown: boolean } {
      if (!deps.notifications.isSupported()) return { shown: false };
      // Silent: the call plays its own sound, so the OS must not add a second one.
      const shown = deps.notifications.create({ title: notification.title, body: notification.body, silent: true });
      open.add(shown);
      shown.on('click', () => {
        open.delete(shown);
        deps.focusWindow();
      });
      shown.on('close', () => void open.delete(shown));
      shown.show();
      return { shown: true };
    },

    setUnread(count: number): void {
      const rose = count > unread;
      unread = count;
      deps.app.setBadgeCount(count);
      const window = usableWindow();
      if (!window) return;
      if (count === 0) return window.flashFrame(false);
      if (!rose || window.isFocused()) return;
      if (deps.platform === 'darwin') deps.app.dock?.bounce('informational');
      else window.flashFrame(true);
    },

    /** The window came to the front: the user has seen it, so the taskbar stops flashing (the badge stays until read). */
    windowFocused(): void {
      usableWindow()?.flashFrame(false);
    },

    /** The renderer reloaded or closed: whatever it counted is gone. */
    reset(): void {
      if (unread === 0) return;
      unread = 0;
      deps.app.setBadgeCount(0);
      usableWindow()?.flashFrame(false);
    },
  };
}

export type Attention = ReturnType<typeof createAttention>;
