import { KeyProviderEvent, RoomEvent, type KeyInfo } from 'livekit-client';
import { describe, expect, it, vi } from 'vitest';
import { encodeBase64Url } from '../../shared/base64url';
import { normalizeDisplayName } from './messages';
import { RoomKeys } from './room-keys';
import { E2EE_DATA_TOPIC, mayRenderRemoteTrack, startE2eeSession, type E2eeRoom } from './room-session';
import { SealroomKeyProvider } from './sealroom-key-provider';

type Listener = (...args: unknown[]) => void;
interface Published {
  from: string;
  bytes: Uint8Array;
  options: { reliable?: boolean; destinationIdentities?: string[]; topic?: string };
}

/** A double of the few Room members the session uses, connected to the others through `FakeSfu`. */
class FakeRoom {
  readonly listeners = new Map<string, Set<Listener>>();
  readonly remoteParticipants = new Map<string, { identity: string }>();
  readonly setE2EEEnabled = vi.fn(async (_enabled: boolean) => undefined);
  readonly localParticipant: { identity: string; publishData: (bytes: Uint8Array, options: Published['options']) => Promise<void> };

  constructor(identity: string, sfu: FakeSfu) {
    this.localParticipant = {
      identity,
      publishData: async (bytes, options) => sfu.route({ from: identity, bytes, options }),
    };
  }

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  asRoom(): E2eeRoom {
    return this as unknown as E2eeRoom;
  }
}

class FakeSfu {
  readonly rooms = new Map<string, FakeRoom>();
  readonly published: Published[] = [];

  connect(identity: string): FakeRoom {
    const room = new FakeRoom(identity, this);
    for (const other of this.rooms.values()) {
      room.remoteParticipants.set(other.localParticipant.identity, { identity: other.localParticipant.identity });
      other.remoteParticipants.set(identity, { identity });
      other.emit(RoomEvent.ParticipantConnected, { identity });
    }
    this.rooms.set(identity, room);
    return room;
  }

  route(packet: Published): void {
    this.published.push(packet);
    const targets = packet.options.destinationIdentities?.length ? packet.options.destinationIdentities : [...this.rooms.keys()];
    for (const target of targets) {
      if (target === packet.from) continue;
      this.rooms.get(target)?.emit(RoomEvent.DataReceived, packet.bytes, { identity: packet.from }, 0, packet.options.topic);
    }
  }
}

const timing = { debounceMs: 5, switchDeadlineMs: 30, retryMs: 20 };

describe('startE2eeSession', () => {
  it('refuses a room that is not connected yet', async () => {
    const sfu = new FakeSfu();
    const room = new FakeRoom('', sfu);
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    await expect(startE2eeSession({ room: room.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'A' })).rejects.toThrow(/Connect/);
  });

  it('wires two rooms: addressed reliable packets on our topic, keys into the provider, rendering only when verified and encrypted', async () => {
    const sfu = new FakeSfu();
    const roomKeys = await RoomKeys.derive('AAAAAAAAAAAAAAAAAAAAAA', encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    const aliceProvider = new SealroomKeyProvider();
    const aliceKeys: KeyInfo[] = [];
    aliceProvider.on(KeyProviderEvent.SetKey, (info) => aliceKeys.push(info));
    const aliceRoom = sfu.connect('alice');
    const alice = await startE2eeSession({ room: aliceRoom.asRoom(), roomKeys, keyProvider: aliceProvider, displayName: 'Alice', timing });
    const bobRoom = sfu.connect('bob');
    const bob = await startE2eeSession({ room: bobRoom.asRoom(), roomKeys, keyProvider: new SealroomKeyProvider(), displayName: 'Bob', timing });

    await vi.waitFor(() => expect(alice.keyExchange.canRender('bob') && bob.keyExchange.canRender('alice')).toBe(true), { timeout: 3000 });
    expect(aliceRoom.setE2EEEnabled).toHaveBeenCalledWith(true);
    expect(mayRenderRemoteTrack(alice.keyExchange, 'bob', { isEncrypted: true })).toBe(true);
    expect(mayRenderRemoteTrack(alice.keyExchange, 'bob', { isEncrypted: false })).toBe(false);
    expect(mayRenderRemoteTrack(alice.keyExchange, 'mallory', { isEncrypted: true })).toBe(false);
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

    bobRoom.remoteParticipants.delete('alice');
    aliceRoom.emit(RoomEvent.ParticipantDisconnected, { identity: 'bob' });
    await vi.waitFor(() => expect(alice.keyExchange.canRender('bob')).toBe(false));
    alice.stop();
    bob.stop();
    expect([...aliceRoom.listeners.values()].every((set) => set.size === 0)).toBe(true);
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
