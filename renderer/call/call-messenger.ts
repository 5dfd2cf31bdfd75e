import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { KeyExchangeEvent, type E2eeSession } from '../e2ee';
import { CALL_MESSAGE_TOPIC, decodeCallMessage, encodeCallMessage, type CallMessage } from './call-messages';

export interface MessageSender {
  identity: string;
  /** The name to show: the server's participant name in an unencrypted call, the handshake's in an encrypted one. */
  name: string;
}

export interface CallMessenger {
  send(message: CallMessage): Promise<void>;
  onMessage(listener: (from: MessageSender, message: CallMessage) => void): () => void;
}

/** Unencrypted calls: call messages as LiveKit data packets, reliable and ordered; invalid ones are dropped. */
export function createRoomMessenger(room: Room): CallMessenger {
  return {
    async send(message) {
      await room.localParticipant.publishData(encodeCallMessage(message), { reliable: true, topic: CALL_MESSAGE_TOPIC });
    },
    onMessage(listener) {
      const handle = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
        if (!participant || topic !== CALL_MESSAGE_TOPIC) return;
        const message = decodeCallMessage(payload);
        if (message) listener({ identity: participant.identity, name: participant.name?.trim() || 'Guest' }, message);
      };
      room.on(RoomEvent.DataReceived, handle);
      return () => void room.off(RoomEvent.DataReceived, handle);
    },
  };
}

/**
 * Encrypted calls: every call message rides inside the key exchange's signed, encrypted envelope, so the server can
 * neither read nor forge chat, hands or reactions; plain data packets are never accepted.
 */
export function createE2eeMessenger(session: E2eeSession): CallMessenger {
  const encoder = new TextDecoder();
  return {
    async send(message) {
      await session.keyExchange.sendMessage(encoder.decode(encodeCallMessage(message)));
    },
    onMessage(listener) {
      return session.keyExchange.on(KeyExchangeEvent.Message, (received) => {
        const message = decodeCallMessage(new TextEncoder().encode(received.text));
        if (message) listener({ identity: received.from, name: received.displayName }, message);
      });
    },
  };
}
