import { RoomEvent, type Participant, type RemoteParticipant, type Room } from 'livekit-client';
import type { AttentionNotification } from '../../../shared/ipc/channels';
import type { SoundKind } from '../../sounds';
import { nameFor } from '../participant-names';
import { listeningActions } from '../session/listening-store';
import type { SessionStores } from '../session/session-stores';
import { alertFor, type AlertPreferences, type CallEvent } from './alert-policy';

/** What awareness uses of the app and the page, injected so tests can watch it. */
export interface AwarenessEnv {
  preferences(): AlertPreferences & { sinkId: string };
  /** The window is in front and the page visible: no notification is needed. */
  isFocused(): boolean;
  play(kind: SoundKind, sinkId: string): Promise<void>;
  notify(notification: AttentionNotification): Promise<unknown>;
  setUnread(count: number): Promise<unknown>;
  now(): number;
}

/**
 * A hand that is already up when a member arrives (it is told to each newcomer) is part of the arrival, not news:
 * within this long after a member joined (or was first verified) its hand makes no sound or notification.
 */
export const ARRIVAL_GRACE_MS = 3000;

type AwarenessRoom = Pick<Room, 'on' | 'off' | 'remoteParticipants'>;

/**
 * Watches a call for what the user should hear, see in a notification, or have announced: members joining and
 * leaving (in an encrypted call, a member joins when it is verified, named by the handshake), hands going up and chat
 * arriving; keeps the unread badge on the desktop in step with the chat's unread count. Returns a stop function.
 */
export function startAwareness(options: { room: AwarenessRoom; stores: SessionStores; env: AwarenessEnv }): () => void {
  const { room, stores, env } = options;
  const e2ee = stores.trust.getState().e2ee;
  const present = new Set(room.remoteParticipants.keys());
  const arrivedAt = new Map<string, number>([...present].map((identity) => [identity, env.now()]));
  /** Members the user was told about (or who were here already), with the name they were known by. */
  const known = new Map<string, string>();

  const alert = (event: CallEvent) => {
    const preferences = env.preferences();
    const decided = alertFor(event, { focused: env.isFocused(), preferences });
    if (decided.sound) void env.play(decided.sound, preferences.sinkId).catch(() => undefined);
    if (decided.notification) void env.notify(decided.notification).catch(() => undefined);
    if (decided.announcement) listeningActions.announce(stores.announcer, decided.announcement);
  };
  const nameOf = (identity: string, participant?: Participant) => nameFor(stores.trust.getState(), identity, participant?.name, false);

  const joined = (identity: string, participant?: Participant) => {
    if (known.has(identity)) return;
    const name = nameOf(identity, participant);
    known.set(identity, name);
    arrivedAt.set(identity, env.now());
    if (present.has(identity)) return;
    alert({ kind: 'joined', name });
  };
  const onConnected = (participant: RemoteParticipant) => {
    present.delete(participant.identity);
    known.delete(participant.identity);
    arrivedAt.set(participant.identity, env.now());
    if (!e2ee) joined(participant.identity, participant);
  };
  const onDisconnected = (participant: RemoteParticipant) => {
    const name = known.get(participant.identity);
    present.delete(participant.identity);
    known.delete(participant.identity);
    arrivedAt.delete(participant.identity);
    if (name !== undefined) alert({ kind: 'left', name });
  };
  room.on(RoomEvent.ParticipantConnected, onConnected).on(RoomEvent.ParticipantDisconnected, onDisconnected);
  if (!e2ee) for (const [identity, participant] of room.remoteParticipants) joined(identity, participant);

  // In an encrypted call only the handshake says who someone is: they join when verified.
  const offTrust = stores.trust.subscribe((trust, previous) => {
    if (!trust.e2ee) return;
    for (const [identity, member] of Object.entries(trust.members)) {
      if (member.verified && !previous.members[identity]?.verified) joined(identity, room.remoteParticipants.get(identity));
    }
  });

  const offFeed = stores.feed.subscribe((feed, previous) => {
    const local = stores.trust.getState().localIdentity;
    for (const [identity, raised] of Object.entries(feed.hands)) {
      if (!raised || previous.hands[identity] || identity === local) continue;
      const arrived = arrivedAt.get(identity);
      if (arrived !== undefined && env.now() - arrived < ARRIVAL_GRACE_MS) continue;
      alert({ kind: 'hand', name: nameOf(identity, room.remoteParticipants.get(identity)) });
    }
    if (feed.chat !== previous.chat) {
      const seen = new Set(previous.chat.map((entry) => entry.key));
      for (const entry of feed.chat) if (!entry.local && !seen.has(entry.key)) alert({ kind: 'chat', name: entry.fromName, text: entry.text });
    }
  });

  let unread = stores.ui.getState().unread;
  if (unread > 0) void env.setUnread(unread).catch(() => undefined);
  const offUi = stores.ui.subscribe((ui) => {
    if (ui.unread === unread) return;
    unread = ui.unread;
    void env.setUnread(unread).catch(() => undefined);
  });

  return () => {
    room.off(RoomEvent.ParticipantConnected, onConnected).off(RoomEvent.ParticipantDisconnected, onDisconnected);
    offTrust();
    offFeed();
    offUi();
    if (unread > 0) void env.setUnread(0).catch(() => undefined);
  };
}
