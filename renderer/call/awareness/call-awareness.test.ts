import { RoomEvent } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { effectChoicesOf } from '../../devices/effects';
import { createSessionStores, feedActions, trustActions, uiActions, type ChatEntry } from '../session/session-stores';
import { ARRIVAL_GRACE_MS, startAwareness, type AwarenessEnv } from './call-awareness';

function fakeRoom(present: Array<{ identity: string; name: string }>) {
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  const remoteParticipants = new Map(present.map((p) => [p.identity, p]));
  const room = {
    remoteParticipants,
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return room;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener));
      return room;
    },
    emit(event: string, participant: { identity: string; name: string }) {
      if (event === RoomEvent.ParticipantConnected) remoteParticipants.set(participant.identity, participant);
      if (event === RoomEvent.ParticipantDisconnected) remoteParticipants.delete(participant.identity);
      for (const listener of listeners.get(event) ?? []) listener(participant);
    },
  };
  return room;
}

function setup(e2ee: boolean, present: Array<{ identity: string; name: string }> = []) {
  const stores = createSessionStores({ e2ee, localName: 'Me', effects: effectChoicesOf(DEFAULT_SETTINGS) });
  stores.trust.setState({ localIdentity: 'me' });
  const room = fakeRoom(present);
  const log: string[] = [];
  const clock = { now: 0 };
  const state = { focused: true, previews: false };
  const env: AwarenessEnv = {
    preferences: () => ({ sounds: true, notifications: true, previews: state.previews, sinkId: 'speaker-2' }),
    isFocused: () => state.focused,
    play: async (kind, sinkId) => void log.push(`sound:${kind}@${sinkId}`),
    notify: async (n) => void log.push(`notify:${n.title}|${n.body}`),
    setUnread: async (count) => void log.push(`unread:${count}`),
    now: () => clock.now,
  };
  const stop = startAwareness({ room: room as never, stores, env });
  const announcements = () => stores.announcer.getState().announcement?.text ?? null;
  return { stores, room, log, clock, state, stop, announcements };
}

const chat = (key: string, text: string, local = false): ChatEntry => ({ key, from: key.split('/')[0]!, fromName: local ? 'You' : 'Bob', text, at: 0, local, notSentTo: [], transportIds: [], awaiting: [], undelivered: [] });

describe('call awareness', () => {
  it('a plain call: newcomers join and leave with a sound and an announcement; people already here do not', () => {
    const { room, log, announcements } = setup(false, [{ identity: 'p-ada', name: 'Ada' }]);
    expect(log).toEqual([]);
    room.emit(RoomEvent.ParticipantConnected, { identity: 'p-bob', name: 'Bob' });
    expect(log).toEqual(['sound:join@speaker-2']);
    expect(announcements()).toBe('Bob joined the call');
    room.emit(RoomEvent.ParticipantDisconnected, { identity: 'p-ada', name: 'Ada' });
    expect(log).toEqual(['sound:join@speaker-2', 'sound:leave@speaker-2']);
    expect(announcements()).toBe('Ada left the call');
  });

  it('an encrypted call: a member joins when verified, under the handshake name, never the server name', () => {
    const { stores, room, log, announcements } = setup(true, [{ identity: 'p-ada', name: 'server says Mallory' }]);
    trustActions.setMember(stores.trust, 'p-ada', { verified: true, name: 'Ada' });
    expect(log).toEqual([]);
    room.emit(RoomEvent.ParticipantConnected, { identity: 'p-bob', name: 'server says Eve' });
    expect(log).toEqual([]);
    trustActions.setMember(stores.trust, 'p-bob', { verified: true, name: 'Bob' });
    expect(log).toEqual(['sound:join@speaker-2']);
    expect(announcements()).toBe('Bob joined the call');
    room.emit(RoomEvent.ParticipantDisconnected, { identity: 'p-bob', name: 'server says Eve' });
    expect(announcements()).toBe('Bob left the call');
    // Someone who never verified leaves without a word.
    room.emit(RoomEvent.ParticipantConnected, { identity: 'p-ghost', name: 'Ghost' });
    room.emit(RoomEvent.ParticipantDisconnected, { identity: 'p-ghost', name: 'Ghost' });
    expect(log).toEqual(['sound:join@speaker-2', 'sound:leave@speaker-2']);
  });

  it('a hand raised in the background: one sound, one notification without the name; none for our own hand or a hand already up on arrival', () => {
    const { stores, room, log, clock, state, announcements } = setup(false, [{ identity: 'p-ada', name: 'Ada' }]);
    state.focused = false;
    feedActions.setHand(stores.feed, 'p-ada', true);
    feedActions.setHand(stores.feed, 'me', true);
    expect(log).toEqual([]);
    clock.now = ARRIVAL_GRACE_MS;
    feedActions.setHand(stores.feed, 'p-ada', false);
    feedActions.setHand(stores.feed, 'p-ada', true);
    feedActions.setHand(stores.feed, 'p-ada', true);
    expect(log).toEqual(['sound:hand@speaker-2', 'notify:A hand is raised|Someone raised their hand in your Sealroom call.']);
    expect(announcements()).toBe('Ada raised their hand');
    room.emit(RoomEvent.ParticipantConnected, { identity: 'p-bob', name: 'Bob' });
    feedActions.setHand(stores.feed, 'p-bob', true);
    expect(log.filter((line) => line.startsWith('sound:hand'))).toHaveLength(1);
  });

  it('chat: a sound for each message from others, a notification only in the background, the text only with previews; the badge follows the unread count', () => {
    const { stores, log, state, stop } = setup(false);
    feedActions.addChat(stores.feed, stores.ui, chat('p-bob/1', 'hello'));
    expect(log).toEqual(['sound:chat@speaker-2', 'unread:1']);
    state.focused = false;
    feedActions.addChat(stores.feed, stores.ui, chat('p-bob/2', 'the secret plan'));
    state.previews = true;
    feedActions.addChat(stores.feed, stores.ui, chat('p-bob/3', 'ok'));
    feedActions.addChat(stores.feed, stores.ui, chat('me/4', 'mine', true));
    expect(log.slice(2)).toEqual([
      'sound:chat@speaker-2',
      'notify:New message|Someone wrote in your Sealroom call. Open it to read the message.',
      'unread:2',
      'sound:chat@speaker-2',
      'notify:Bob|ok',
      'unread:3',
    ]);
    uiActions.togglePanel(stores.ui, 'chat');
    expect(log.at(-1)).toBe('unread:0');
    feedActions.addChat(stores.feed, stores.ui, chat('p-bob/5', 'seen'));
    uiActions.togglePanel(stores.ui, 'chat');
    feedActions.addChat(stores.feed, stores.ui, chat('p-bob/6', 'unseen'));
    stop();
    expect(log.at(-1)).toBe('unread:0');
  });
});
