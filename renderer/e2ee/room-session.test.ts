import { KeyProviderEvent, RoomEvent, type KeyInfo } from 'livekit-client';
import { describe, expect, it, vi } from 'vitest';
import type { FakeRoom} from '../testing/livekit-double';
import { FakeSfu } from '../testing/livekit-double';
import { encodeBase64Url } from '../../shared/base64url';
import { normalizeDisplayName } from './messages';
import { RoomKeys } from './room-keys';
import { E2EE_DATA_TOPIC, startE2eeSession } from './room-session';
import { SealroomKeyProvider } from './sealroom-key-provider';

/** A connected fake room with a given identity, through the shared LiveKit double. */
async function connect(sfu: FakeSfu, identity: string): Promise<FakeRoom> {
  const room = sfu.createRoom({}) as unknown as FakeRoom;
  room.localParticipant.identity = identity;
  await room.connect('ws://test', 'token');
  return room;
}

const timing = { debounceMs: 5, switchDeadlineMs: 30, retryMs: 20 };

describe('startE2eeSession', () => {
  it('refuses a room that is not connected yet', async () => {
    const sfu = new FakeSfu();
    const room = sfu.createRoom({}) as unknown as FakeRoom;
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    await expect(startE2eeSession({ room: room.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'A' })).rejects.toThrow(/Connect/);
  });

  it('wires two rooms: addressed reliable packets on our topic, keys into the provider, rendering only when verified and encrypted', async () => {
    const sfu = new FakeSfu();
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    const aliceProvider = new SealroomKeyProvider();
    const aliceKeys: KeyInfo[] = [];
    aliceProvider.on(KeyProviderEvent.SetKey, (info) => aliceKeys.push(info));
    const aliceRoom = await connect(sfu, 'alice');
    const alice = await startE2eeSession({ room: aliceRoom.asRoom(), roomKeys, keyProvider: aliceProvider, displayName: 'Alice', timing });
    const bobRoom = await connect(sfu, 'bob');
    const bob = await startE2eeSession({ room: bobRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Bob', timing });

    await vi.waitFor(() => expect(alice.keyExchange.canRender('bob') && bob.keyExchange.canRender('alice')).toBe(true), { timeout: 3000 });
    expect(aliceRoom.e2eeEnabled).toBe(true);
    expect(alice.keyExchange.canRender('bob')).toBe(true);
    expect(alice.keyExchange.canRender('mallory')).toBe(false);
    expect(alice.keyExchange.members()).toEqual([{ identity: 'bob', status: 'verified', responsive: true, displayName: 'Bob', hasKey: true }]);
    await aliceProvider.settled();
    expect(aliceKeys.some((info) => info.participantIdentity === 'bob')).toBe(true);
    expect(aliceKeys.some((info) => info.participantIdentity === 'alice')).toBe(true);
    for (const packet of sfu.published) {
      expect(packet.options).toMatchObject({ reliable: true, topic: E2EE_DATA_TOPIC });
      expect(packet.options.destinationIdentities?.length).toBe(1);
    }

    // Packets on other topics or without a participant never reach the key exchange.
    const before = alice.keyExchange.members();
    aliceRoom.emit(RoomEvent.DataReceived, new Uint8Array([1, 2, 3]), { identity: 'bob' }, 0, 'other');
    aliceRoom.emit(RoomEvent.DataReceived, new Uint8Array([1, 2, 3]), undefined, 0, E2EE_DATA_TOPIC);
    await alice.keyExchange.idle();
    expect(alice.keyExchange.members()).toEqual(before);

    await bobRoom.disconnect();
    await vi.waitFor(() => expect(alice.keyExchange.canRender('bob')).toBe(false));
    alice.stop();
    bob.stop();
    expect([...aliceRoom.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });

  it('after a full reconnect, runs the handshake as soon as the join response is in, not when the SDK reports the participants', async () => {
    const sfu = new FakeSfu();
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    const aliceRoom = await connect(sfu, 'alice');
    const alice = await startE2eeSession({ room: aliceRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Alice', timing });
    const bobRoom = await connect(sfu, 'bob');
    // livekit-client's engine, as far as the session uses it: events, and a data channel that is open at once.
    const engineEvents = new EventTarget();
    const handlers = new Map<unknown, EventListener>();
    let listening = 0;
    const engine = {
      ensureDataTransportConnected: async () => undefined,
      dataChannelForKind: () => undefined,
      on(event: string, listener: () => void) {
        const handler = () => listener();
        handlers.set(listener, handler);
        listening += 1;
        engineEvents.addEventListener(event, handler);
        return engine;
      },
      off(event: string, listener: () => void) {
        engineEvents.removeEventListener(event, handlers.get(listener)!);
        listening -= 1;
        return engine;
      },
    };
    Object.assign(bobRoom, { engine });
    const bob = await startE2eeSession({ room: bobRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Bob', timing });
    await vi.waitFor(() => expect(bob.keyExchange.isVerified('alice')).toBe(true), { timeout: 3000 });

    // The restart: the SDK unwinds everyone (ParticipantDisconnected), and holds ParticipantConnected back for seconds.
    bobRoom.emit(RoomEvent.ParticipantDisconnected, { identity: 'alice' });
    await bob.keyExchange.idle();
    expect(bob.keyExchange.isVerified('alice')).toBe(false);
    engineEvents.dispatchEvent(new Event('signalRestarted'));
    await vi.waitFor(() => expect(bob.keyExchange.isVerified('alice') && bob.keyExchange.canRender('alice')).toBe(true), { timeout: 3000 });

    bob.stop();
    expect(listening).toBe(0);
    alice.stop();
  });
  it('answers the hello of a participant the room lists but has not reported yet (who joined during a full reconnect)', async () => {
    const sfu = new FakeSfu();
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    const aliceRoom = await connect(sfu, 'alice');
    const alice = await startE2eeSession({ room: aliceRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Alice', timing });
    const bobRoom = await connect(sfu, 'bob');
    const bob = await startE2eeSession({ room: bobRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Bob', timing });
    await vi.waitFor(() => expect(bob.keyExchange.isVerified('alice') && alice.keyExchange.isVerified('bob')).toBe(true), { timeout: 3000 });

    // Both come back from a restart: Bob's room has Alice in its list again but holds her ParticipantConnected back;
    // Alice's room reports Bob, so Alice says hello.
    bobRoom.emit(RoomEvent.ParticipantDisconnected, { identity: 'alice' });
    aliceRoom.emit(RoomEvent.ParticipantDisconnected, { identity: 'bob' });
    await Promise.all([bob.keyExchange.idle(), alice.keyExchange.idle()]);
    expect(bob.keyExchange.isVerified('alice')).toBe(false);
    aliceRoom.emit(RoomEvent.ParticipantConnected, aliceRoom.remoteParticipants.get('bob'));
    await vi.waitFor(() => expect(bob.keyExchange.isVerified('alice') && alice.keyExchange.isVerified('bob')).toBe(true), { timeout: 3000 });

    // Data from someone the room does not list is still nobody's.
    bobRoom.emit(RoomEvent.DataReceived, new Uint8Array([1, 2, 3]), { identity: 'mallory' }, 0, E2EE_DATA_TOPIC);
    await bob.keyExchange.idle();
    expect(bob.keyExchange.members().map((member) => member.identity)).toEqual(['alice']);
    alice.stop();
    bob.stop();
  });
});

describe('normalizeDisplayName', () => {
  it('keeps ordinary names and repairs ones peers would reject', () => {
    expect(normalizeDisplayName('Zoë 👩‍💻')).toBe('Zoë 👩‍💻');
    expect(normalizeDisplayName('  Al\u202eice\n')).toBe('Al ice');
    expect(normalizeDisplayName('')).toBe('Guest');
    expect(normalizeDisplayName('x'.repeat(100))).toHaveLength(64);
  });
});
