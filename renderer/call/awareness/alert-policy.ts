import type { AttentionNotification } from '../../../shared/ipc/channels';
import type { SoundKind } from '../../sounds';

/**
 * What the call tells the user about the others, decided in one place: a sound, an OS notification while the window
 * is in the background, and a screen-reader announcement. Names and chat text are end-to-end encrypted content in an
 * encrypted call, so a notification (which the OS may show on a locked screen, keep in a history, or sync) carries
 * them only when the user allowed previews; otherwise it says only that something happened.
 */

export type CallEvent =
  | { kind: 'joined'; name: string }
  | { kind: 'left'; name: string }
  | { kind: 'hand'; name: string }
  | { kind: 'chat'; name: string; text: string };

export interface AlertPreferences {
  sounds: boolean;
  notifications: boolean;
  previews: boolean;
}

export interface Alert {
  sound: SoundKind | null;
  notification: AttentionNotification | null;
  /** For the call's live region (inside the app, so names are fine). */
  announcement: string | null;
}

export const NAME_IN_TITLE_MAX = 64;
export const PREVIEW_MAX = 200;

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function notificationFor(event: CallEvent, previews: boolean): AttentionNotification | null {
  switch (event.kind) {
    case 'hand':
      return previews
        ? { title: `${clip(event.name, NAME_IN_TITLE_MAX)} raised their hand`, body: 'In your Sealroom call.' }
        : { title: 'A hand is raised', body: 'Someone raised their hand in your Sealroom call.' };
    case 'chat':
      return previews
        ? { title: clip(event.name, NAME_IN_TITLE_MAX) || 'New message', body: clip(event.text, PREVIEW_MAX) }
        : { title: 'New message', body: 'Someone wrote in your Sealroom call. Open it to read the message.' };
    default:
      // Joins and leaves are heard and announced; they are not worth a notification.
      return null;
  }
}

function announcementFor(event: CallEvent): string | null {
  switch (event.kind) {
    case 'joined':
      return `${event.name} joined the call`;
    case 'left':
      return `${event.name} left the call`;
    case 'hand':
      return `${event.name} raised their hand`;
    case 'chat':
      // The chat log is a live region of its own while it is open; the unread count says the rest.
      return null;
  }
}

const SOUND: Record<CallEvent['kind'], SoundKind> = { joined: 'join', left: 'leave', hand: 'hand', chat: 'chat' };

export function alertFor(event: CallEvent, context: { focused: boolean; preferences: AlertPreferences }): Alert {
  const { focused, preferences } = context;
  return {
    sound: preferences.sounds ? SOUND[event.kind] : null,
    notification: !focused && preferences.notifications ? notificationFor(event, preferences.previews) : null,
    announcement: announcementFor(event),
  };
}
