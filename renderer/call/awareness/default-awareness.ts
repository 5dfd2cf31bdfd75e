import { bridge } from '../../bridge/bridge';
import { useAppStore } from '../../app/useAppStore';
import { sounds } from '../../sounds';
import type { AwarenessEnv } from './call-awareness';

/** The app's awareness: the user's settings, this page's focus, the shared sound player and the desktop bridge. */
export const defaultAwareness: AwarenessEnv = {
  preferences() {
    const settings = useAppStore.getState().settings;
    return {
      sounds: settings.callSounds,
      notifications: settings.callNotifications,
      previews: settings.notificationPreviews,
      sinkId: settings.speakerDeviceId ?? '',
    };
  },
  isFocused: () => document.visibilityState === 'visible' && document.hasFocus(),
  play: (kind, sinkId) => sounds.play(kind, sinkId),
  notify: (notification) => bridge.showNotification(notification),
  setUnread: (count) => bridge.setUnreadCount(count),
  now: () => Date.now(),
};
