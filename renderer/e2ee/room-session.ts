import { EngineEvent, RoomEvent, type DataChannelKind, type RemoteParticipant, type Room } from 'livekit-client';
import { KeyExchange, type Clock, type KeyExchangeTiming } from './key-exchange';
import type { RoomKeys } from './room-keys';
import type { SealroomKeyProvider } from './sealroom-key-provider';

/**
 * Wires a KeyExchange to a connected livekit-client `Room`: participant events and data packets in, reliable
 * addressed data packets out, keys into the SealroomKeyProvider the Room was created with.
 */

/** Data-packet topic for envelopes. Not a security boundary (the server can set any topic); it only keeps other traffic apart. */
export const E2EE_DATA_TOPIC = 'sealroom.e2ee.v1';

/** The parts of `Room` used here, so tests can pass a double (without `engine`, sends are taken to work at once). */
export type E2eeRoom = Pick<Room, 'localParticipant' | 'remoteParticipants' | 'on' | 'off' | 'setE2EEEnabled'> & {
  engine?: Pick<Room['engine'], 'ensureDataTransportConnected' | 'dataChannelForKind'> & Partial<Pick<Room['engine'], 'on' | 'off'>>;
};

/** livekit-client's `DataChannelKind.RELIABLE` (the enum is exported as a type only). */
const RELIABLE = 0 as DataChannelKind;

/**
 * Resolves when the publisher's reliable data channel is open, and starts opening it now: what `publishData` does
 * on its first call (negotiate the channel, then poll every 50 ms), but without fixing a packet's contents while it
 * waits, and resolving on the channel's own `open` event.
 */
function reliableChannelOpen(room: E2eeRoom): Promise<void> | undefined {
  const engine = room.engine;
  if (!engine) return undefined;
  const polled = engine.ensureDataTransportConnected(RELIABLE, false);
  const channel = engine.dataChannelForKind(RELIABLE, false);
  if (!channel || channel.readyState === 'open') return polled;
  polled.catch(() => undefined);
  return Promise.race([polled, new Promise<void>((resolve) => channel.addEventListener('open', () => resolve(), { once: true }))]);
}

export interface E2eeSessionOptions {
  /** Created with `e2ee: { keyProvider, worker }` and already connected (its local identity is known). */
  room: E2eeRoom;
  roomKeys: RoomKeys;
  keyProvider: SealroomKeyProvider;
  displayName: string;
  clock?: Clock;
  timing?: Partial<KeyExchangeTiming>;
}

export interface E2eeSession {
  keyExchange: KeyExchange;
  /** Unhooks from the room and ends the key exchange. Call on disconnect. */
  stop(): void;
}

/**
 * Starts the key exchange for a room whose signalling is connected (`RoomEvent.SignalConnected`: the local identity
 * and the participants already there are known; ICE and DTLS may still be under way). Handshake messages are built
 * once the publisher's data channel is open. When it resolves, the own epoch-0 key is installed and the room
 * encrypts everything it publishes, so tracks may be published from then on (not before).
 */
export async function startE2eeSession(options: E2eeSessionOptions): Promise<E2eeSession> {
  const { room, keyProvider } = options;
  const identity = room.localParticipant.identity;
  if (identity === '') throw new Error('Connect the room before starting end-to-end encryption.');

  // For the join benchmark: when the first handshake packet left (a User Timing mark, no data).
  let onFirstSend: (() => void) | null = () => globalThis.performance?.mark?.('sealroom:hello-out');
  const keyExchange = await KeyExchange.create({
    roomKeys: options.roomKeys,
    identity,
    displayName: options.displayName,
    clock: options.clock,
    timing: options.timing,
    // Acknowledge a key only once the SDK has it, so senders never switch before we can decrypt.
    keysInstalled: () => keyProvider.settled(),
    transportReady: reliableChannelOpen(room),
    transport: {
      send(to, bytes) {
        // An empty destination list would broadcast; the key exchange never means that.
        if (to.length === 0) return;
        onFirstSend?.();
        onFirstSend = null;
        room.localParticipant
          .publishData(new Uint8Array(bytes), { reliable: true, destinationIdentities: [...to], topic: E2EE_DATA_TOPIC })
          // A failed send is retransmitted by the key exchange; nothing to report here.
          .catch(() => undefined);
      },
    },
  });
  const stopProvider = keyProvider.follow(keyExchange);

  const onJoined = (participant: RemoteParticipant) => keyExchange.onParticipantJoined(participant.identity);
  const onLeft = (participant: RemoteParticipant) => keyExchange.onParticipantLeft(participant.identity);
  const onData = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
    if (!participant || topic !== E2EE_DATA_TOPIC) return;
    // During a full reconnect the room lists who joined meanwhile, but reports them only once its own peer connections
    // are up again: their hello is the first we hear of them, and answering it at once saves that wait. The server
    // could claim such a participant as easily with a ParticipantConnected, so this trusts it no further.
    if (room.remoteParticipants.get(participant.identity) === participant) keyExchange.onParticipantJoined(participant.identity);
    keyExchange.onData(participant.identity, payload);
  };
  // A full reconnect (a restarted server) holds ParticipantConnected back until its peer connections are up again,
  // 2 s at least; the join response already said who is here and their data is delivered meanwhile, so the
  // handshake runs in that wait instead of after it.
  const onSignalRestarted = () => {
    for (const participant of room.remoteParticipants.values()) keyExchange.onParticipantJoined(participant.identity);
  };
  room.on(RoomEvent.ParticipantConnected, onJoined);
  room.on(RoomEvent.ParticipantDisconnected, onLeft);
  room.on(RoomEvent.DataReceived, onData);
  room.engine?.on?.(EngineEvent.SignalRestarted, onSignalRestarted);

  await keyExchange.start();
  await keyProvider.settled();
  await room.setE2EEEnabled(true);
  for (const participant of room.remoteParticipants.values()) keyExchange.onParticipantJoined(participant.identity);

  return {
    keyExchange,
    stop() {
      room.off(RoomEvent.ParticipantConnected, onJoined);
      room.off(RoomEvent.ParticipantDisconnected, onLeft);
      room.off(RoomEvent.DataReceived, onData);
      room.engine?.off?.(EngineEvent.SignalRestarted, onSignalRestarted);
      stopProvider();
      keyExchange.close();
    },
  };
}
