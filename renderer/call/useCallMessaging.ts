import { RoomEvent, type Participant, type Room } from 'livekit-client';
import { useEffect, useMemo } from 'react';
import type { REACTIONS } from './call-messages';
import type { CallMessenger } from './call-messenger';
import { useCallStore } from './useCallStore';

const REACTION_MS = 4000;

export interface CallActions {
  sendChat(text: string): Promise<void>;
  setHandRaised(raised: boolean): Promise<void>;
  react(emoji: (typeof REACTIONS)[number]): Promise<void>;
}

const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Chat, hands and reactions: applied locally at once, sent to everyone, and each member's state re-sent to newcomers. */
export function useCallMessaging(room: Room, messenger: CallMessenger): CallActions {
  useEffect(() => {
    const store = useCallStore.getState;
    const showReaction = (identity: string, emoji: string) => {
      const key = store().addReaction(identity, emoji);
      setTimeout(() => store().removeReaction(key), REACTION_MS);
    };
    const offMessage = messenger.onMessage((from, message) => {
      switch (message.type) {
        case 'chat':
          store().addChat({ id: message.id, from: from.identity, fromName: from.name, text: message.text, at: Date.now(), local: false });
          break;
        case 'state':
          store().setHand(from.identity, message.handRaised);
          break;
        case 'reaction':
          showReaction(from.identity, message.emoji);
          break;
      }
    });
    // Newcomers learn a raised hand from its owner; re-sent to everyone since encrypted messages are not addressed.
    const greet = () => {
      if (store().hands[room.localParticipant.identity]) void messenger.send({ type: 'state', handRaised: true }).catch(() => undefined);
    };
    const forget = (participant: Participant) => store().forget(participant.identity);
    room.on(RoomEvent.ParticipantConnected, greet);
    room.on(RoomEvent.ParticipantDisconnected, forget);
    return () => {
      offMessage();
      room.off(RoomEvent.ParticipantConnected, greet);
      room.off(RoomEvent.ParticipantDisconnected, forget);
    };
  }, [room, messenger]);

  return useMemo<CallActions>(() => {
    const me = () => room.localParticipant;
    return {
      async sendChat(text) {
        const trimmed = text.trim();
        if (!trimmed) return;
        const id = newId();
        useCallStore.getState().addChat({ id, from: me().identity, fromName: 'You', text: trimmed, at: Date.now(), local: true });
        await messenger.send({ type: 'chat', id, text: trimmed });
      },
      async setHandRaised(raised) {
        useCallStore.getState().setHand(me().identity, raised);
        await messenger.send({ type: 'state', handRaised: raised });
      },
      async react(emoji) {
        const key = useCallStore.getState().addReaction(me().identity, emoji);
        setTimeout(() => useCallStore.getState().removeReaction(key), REACTION_MS);
        await messenger.send({ type: 'reaction', emoji });
      },
    };
  }, [room, messenger]);
}
