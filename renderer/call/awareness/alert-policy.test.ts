import { describe, expect, it } from 'vitest';
import { AttentionNotificationSchema } from '../../../shared/ipc/channels';
import { alertFor, type AlertPreferences, type CallEvent } from './alert-policy';

const ALL_ON: AlertPreferences = { sounds: true, notifications: true, previews: false };
const SECRET_TEXT = 'the merger closes on Friday';
const events: CallEvent[] = [
  { kind: 'joined', name: 'Ada' },
  { kind: 'left', name: 'Ada' },
  { kind: 'hand', name: 'Ada' },
  { kind: 'chat', name: 'Ada', text: SECRET_TEXT },
];

describe('alert policy: when to notify', () => {
  it('notifies only for hands and chat, only while the window is in the background, and only when notifications are on', () => {
    const notified = (focused: boolean, preferences = ALL_ON) => events.filter((event) => alertFor(event, { focused, preferences }).notification !== null).map((event) => event.kind);
    expect(notified(false)).toEqual(['hand', 'chat']);
    expect(notified(true)).toEqual([]);
    expect(notified(false, { ...ALL_ON, notifications: false })).toEqual([]);
  });

  it('plays a sound for every event, focused or not, unless sounds are off', () => {
    expect(events.map((event) => alertFor(event, { focused: true, preferences: ALL_ON }).sound)).toEqual(['join', 'leave', 'hand', 'chat']);
    expect(events.map((event) => alertFor(event, { focused: false, preferences: { ...ALL_ON, sounds: false } }).sound)).toEqual([null, null, null, null]);
  });

  it('announces joins, leaves and hands to screen readers, with names (inside the app)', () => {
    expect(events.map((event) => alertFor(event, { focused: true, preferences: { sounds: false, notifications: false, previews: false } }).announcement)).toEqual([
      'Ada joined the call',
      'Ada left the call',
      'Ada raised their hand',
      null,
    ]);
  });
});

describe('alert policy: what a notification says', () => {
  it('without previews: neither the name nor the text, only that something happened', () => {
    const hand = alertFor({ kind: 'hand', name: 'Ada Lovelace' }, { focused: false, preferences: ALL_ON }).notification!;
    const chat = alertFor({ kind: 'chat', name: 'Ada Lovelace', text: SECRET_TEXT }, { focused: false, preferences: ALL_ON }).notification!;
    expect(hand).toEqual({ title: 'A hand is raised', body: 'Someone raised their hand in your Sealroom call.' });
    expect(chat).toEqual({ title: 'New message', body: 'Someone wrote in your Sealroom call. Open it to read the message.' });
    for (const text of [JSON.stringify(hand), JSON.stringify(chat)]) {
      expect(text).not.toContain('Ada');
      expect(text).not.toContain('merger');
    }
  });

  it('with previews: who, and what was written, clipped to fit the contract', () => {
    const preferences = { ...ALL_ON, previews: true };
    expect(alertFor({ kind: 'hand', name: 'Ada' }, { focused: false, preferences }).notification).toEqual({ title: 'Ada raised their hand', body: 'In your Sealroom call.' });
    expect(alertFor({ kind: 'chat', name: 'Ada', text: `  ${SECRET_TEXT}\n\nok ` }, { focused: false, preferences }).notification).toEqual({ title: 'Ada', body: `${SECRET_TEXT} ok` });
    const long = alertFor({ kind: 'chat', name: 'N'.repeat(300), text: 'x'.repeat(5000) }, { focused: false, preferences }).notification!;
    expect(long.body).toHaveLength(200);
    expect(long.body.endsWith('…')).toBe(true);
    expect(AttentionNotificationSchema.safeParse(long).success).toBe(true);
    expect(AttentionNotificationSchema.safeParse(alertFor({ kind: 'hand', name: 'N'.repeat(300) }, { focused: false, preferences }).notification).success).toBe(true);
  });
});
