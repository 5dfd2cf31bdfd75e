import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { CALL_MESSAGE_TOPIC, decodeCallMessage, encodeCallMessage, type CallMessage } from './call-messages';

export interface CallMessenger {
  send(message: CallMessage, to?: string[]): Promise<void>;
  onMessage(listener: (from: RemoteParticipant, message: CallMessage) => void): () => void;
}

/** Call messages over LiveKit data packets, reliable and ordered; anything that fails validation is dropped. */
export function createRoomMessenger(room: Room): CallMessenger {
  return {
    async send(message, to) {
      await room.localParticipant.publishData(encodeCallMessage(message), {
        reliable: true,
        topic: CALL_MESSAGE_TOPIC,
        ...(to ? { destinationIdentities: to } : {}),
      });
    },
    onMessage(listener) {
      const handle = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
        if (!participant || topic !== CALL_MESSAGE_TOPIC) return;
        const message = decodeCallMessage(payload);
        if (message) listener(participant, message);
      };
      room.on(RoomEvent.DataReceived, handle);
      return () => void room.off(RoomEvent.DataReceived, handle);
    },
  };
}
