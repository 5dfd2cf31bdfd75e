import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import type { StoreApi } from 'zustand/vanilla';
import { defenceOn, KeyExchangeEvent, type KeyExchange } from '../../e2ee';
import { CALL_MESSAGE_TOPIC, decodeCallMessage, encodeCallMessage, type CallMessage, type REACTIONS } from './call-messages';
import { feedActions, type FeedState, type TrustState, type UiState } from './session-stores';

/**
 * Chat, raised hands and reactions. In an encrypted call every message rides inside the key exchange's signed,
 * encrypted envelope (the server can neither read nor forge it) and plain data packets are never accepted; a call
 * created without encryption uses LiveKit data packets. A raised hand is told to each member once it can receive it:
 * when it is verified in an encrypted call, when it connects otherwise.
 */

export interface MessageSender {
  identity: string;
  /** The server's participant name in an unencrypted call, the handshake's in an encrypted one. */
  name: string;
}

export interface Received {
  from: MessageSender;
  message: CallMessage;
  /** Everyone the sender addressed (encrypted calls only; null when the transport does not say). */
  recipients: readonly string[] | null;
}

export interface Sent {
  /** The transport's id for this attempt, when it reports delivery (encrypted calls). */
  id: string | null;
  /** Who it was sent to, when the transport knows. */
  recipients: readonly string[] | null;
}

export interface CallMessenger {
  /** Sends to everyone (or only `to`). */
  send(message: CallMessage, to?: readonly string[]): Promise<Sent>;
  onMessage(listener: (received: Received) => void): () => void;
  /** Each recipient's acknowledgement of an attempt, or news that it left without one. */
  onDelivery(listener: (id: string, identity: string, delivered: boolean) => void): () => void;
  /** Calls `listener` with each participant that can receive messages from now on. */
  onReachable(listener: (identity: string) => void): () => void;
}

export function createRoomMessenger(room: Pick<Room, 'localParticipant' | 'on' | 'off'>): CallMessenger {
  return {
    async send(message, to) {
      await room.localParticipant.publishData(encodeCallMessage(message), { reliable: true, topic: CALL_MESSAGE_TOPIC, ...(to ? { destinationIdentities: [...to] } : {}) });
      return { id: null, recipients: null };
    },
    onDelivery: () => () => undefined,
    onMessage(listener) {
      const handle = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
        if (!participant || topic !== CALL_MESSAGE_TOPIC) return;
        const message = decodeCallMessage(payload);
        if (message) listener({ from: { identity: participant.identity, name: participant.name?.trim() || 'Guest' }, message, recipients: null });
      };
      room.on(RoomEvent.DataReceived, handle);
      return () => void room.off(RoomEvent.DataReceived, handle);
    },
    onReachable(listener) {
      const handle = (participant: RemoteParticipant) => listener(participant.identity);
      room.on(RoomEvent.ParticipantConnected, handle);
      return () => void room.off(RoomEvent.ParticipantConnected, handle);
    },
  };
}

export function createE2eeMessenger(keyExchange: KeyExchange, room: Pick<Room, 'on' | 'off'>): CallMessenger {
  return {
    async send(message, to) {
      const sent = await keyExchange.sendMessage(new TextDecoder().decode(encodeCallMessage(message)), to ? { to } : {});
      return { id: sent.id, recipients: sent.recipients };
    },
    onDelivery(listener) {
      const offs = [
        keyExchange.on(KeyExchangeEvent.MessageDelivered, (id, identity) => listener(id, identity, true)),
        keyExchange.on(KeyExchangeEvent.MessageUndelivered, (id, identity) => listener(id, identity, false)),
      ];
      return () => offs.forEach((off) => off());
    },
    onMessage(listener) {
      return keyExchange.on(KeyExchangeEvent.Message, (received) => {
        const message = decodeCallMessage(new TextEncoder().encode(received.text));
        if (message) listener({ from: { identity: received.from, name: received.displayName }, message, recipients: received.recipients });
      });
    },
    onReachable(listener) {
      if (defenceOn('verified-messages')) return keyExchange.on(KeyExchangeEvent.MemberVerified, (identity) => listener(identity));
      // The previous rule: on connect, when a newcomer cannot be verified yet, so it never learned a raised hand.
      const handle = (participant: RemoteParticipant) => listener(participant.identity);
      room.on(RoomEvent.ParticipantConnected, handle);
      return () => void room.off(RoomEvent.ParticipantConnected, handle);
    },
  };
}

export interface CallActions {
  sendChat(text: string): Promise<void>;
  /** Sends a message of ours again to the members it did not reach (they drop it if they had it after all). */
  retryChat(key: string): Promise<void>;
  setHandRaised(raised: boolean): Promise<void>;
  react(emoji: (typeof REACTIONS)[number]): Promise<void>;
}

export interface MessagingStores {
  feed: StoreApi<FeedState>;
  ui: StoreApi<UiState>;
  trust: StoreApi<TrustState>;
}

const REACTION_MS = 4000;

const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, '0')).join('');

export interface CallMessaging extends CallActions {
  stop(): void;
}

/** Wires a messenger to the feed: received messages in, actions out, hands told to members as they become reachable. */
export function startMessaging(options: {
  messenger: CallMessenger;
  stores: MessagingStores;
  localIdentity(): string;
  now?: () => number;
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}): CallMessaging {
  const { messenger, stores } = options;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? { setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms), clearTimeout: (handle) => globalThis.clearTimeout(handle as number) };
  const pending = new Set<unknown>();
  let reactionKey = 0;
  const showReaction = (identity: string, emoji: string) => {
    const key = ++reactionKey;
    feedActions.addReaction(stores.feed, { key, identity, emoji });
    const timer = timers.setTimeout(() => {
      pending.delete(timer);
      feedActions.removeReaction(stores.feed, key);
    }, REACTION_MS);
    pending.add(timer);
  };
  /** Verified members (other than the sender and us) a message left out; only meaningful in an encrypted call. */
  const leftOut = (sender: string, recipients: readonly string[] | null): string[] => {
    const trust = stores.trust.getState();
    if (!trust.e2ee || recipients === null || !defenceOn('chat-recipients')) return [];
    return Object.entries(trust.members)
      .filter(([identity, member]) => member.verified && member.responsive && identity !== sender && identity !== trust.localIdentity && !recipients.includes(identity))
      .map(([identity]) => identity);
  };

  const offMessage = messenger.onMessage(({ from, message, recipients }) => {
    switch (message.type) {
      case 'chat':
        feedActions.addChat(stores.feed, stores.ui, {
          key: `${from.identity}/${message.id}`,
          from: from.identity,
          fromName: from.name,
          text: message.text,
          at: now(),
          local: false,
          notSentTo: leftOut(from.identity, recipients),
          transportIds: [],
          awaiting: [],
          undelivered: [],
        });
        return;
      case 'state':
        feedActions.setHand(stores.feed, from.identity, message.handRaised);
        return;
      case 'reaction':
        showReaction(from.identity, message.emoji);
        return;
    }
  });
  const offDelivery = messenger.onDelivery((id, identity, delivered) => feedActions.delivery(stores.feed, id, identity, delivered));
  const offReachable = messenger.onReachable((identity) => {
    if (stores.feed.getState().hands[options.localIdentity()]) void messenger.send({ type: 'state', handRaised: true }, [identity]).catch(() => undefined);
  });

  return {
    async sendChat(text) {
      const trimmed = text.trim();
      if (!trimmed) return;
      const id = newId();
      const sent = await messenger.send({ type: 'chat', id, text: trimmed });
      const me = options.localIdentity();
      feedActions.addChat(stores.feed, stores.ui, {
        key: `${me}/${id}`,
        from: me,
        fromName: 'You',
        text: trimmed,
        at: now(),
        local: true,
        notSentTo: [],
        transportIds: sent.id ? [sent.id] : [],
        awaiting: sent.id ? [...(sent.recipients ?? [])] : [],
        undelivered: leftOut(me, sent.recipients),
      });
    },
    async retryChat(key) {
      const entry = stores.feed.getState().chat.find((candidate) => candidate.key === key && candidate.local);
      if (!entry || entry.undelivered.length === 0) return;
      const messageId = key.slice(key.indexOf('/') + 1);
      // Only members still here and verified can get it; the same id lets a member that had it after all drop it.
      const members = stores.trust.getState().members;
      const reachable = entry.undelivered.filter((identity) => !stores.trust.getState().e2ee || (members[identity]?.verified ?? false));
      if (reachable.length === 0) return;
      const sent = await messenger.send({ type: 'chat', id: messageId, text: entry.text }, reachable);
      const reached = new Set(sent.recipients ?? reachable);
      stores.feed.setState((state) => ({
        chat: state.chat.map((candidate) =>
          candidate.key === key
            ? {
                ...candidate,
                transportIds: sent.id ? [...candidate.transportIds, sent.id] : candidate.transportIds,
                awaiting: [...new Set([...candidate.awaiting, ...(sent.id ? [...reached] : [])])],
                undelivered: candidate.undelivered.filter((identity) => !reached.has(identity)),
              }
            : candidate,
        ),
      }));
    },
    async setHandRaised(raised) {
      feedActions.setHand(stores.feed, options.localIdentity(), raised);
      await messenger.send({ type: 'state', handRaised: raised });
    },
    async react(emoji) {
      showReaction(options.localIdentity(), emoji);
      await messenger.send({ type: 'reaction', emoji });
    },
    stop() {
      offMessage();
      offDelivery();
      offReachable();
      for (const timer of pending) timers.clearTimeout(timer);
      pending.clear();
    },
  };
}
