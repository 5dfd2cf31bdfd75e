import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../shared/base64url';
import { fromUtf8, utf8 } from './bytes';
import { EnvelopeKind, envelopeKind, openEnvelope, sealEnvelope } from './envelope';
import { createLocalMember, derivePairKeys, openHello, sealHello } from './handshake';
import { RoomKeys } from './room-keys';

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const newSecret = () => encodeBase64Url(random(32));
const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('RoomKeys', () => {
  it('rejects anything but a 256-bit base64url secret and never renders key material', async () => {
    await expect(RoomKeys.derive(ROOM, 'short')).rejects.toThrow(/256 bits/);
    const keys = await RoomKeys.derive(ROOM, newSecret());
    expect(String(keys)).toBe('[RoomKeys]');
    expect(JSON.stringify({ keys })).toBe('{"keys":"[RoomKeys]"}');
    expect(keys.envelopeKey.extractable).toBe(false);
    expect(keys.pairSaltKey.extractable).toBe(false);
  });
});

describe('envelope', () => {
  it('round-trips and binds room, sender and recipient', async () => {
    const keys = await RoomKeys.derive(ROOM, newSecret());
    const address = { room: ROOM, from: 'a', to: 'b' };
    const sealed = await sealEnvelope(EnvelopeKind.Pair, keys.envelopeKey, address, utf8('hi'), random);
    expect(envelopeKind(sealed)).toBe(EnvelopeKind.Pair);
    expect(fromUtf8((await openEnvelope(EnvelopeKind.Pair, keys.envelopeKey, address, sealed))!)).toBe('hi');
    for (const changed of [{ ...address, from: 'c' }, { ...address, to: 'c' }, { ...address, room: 'other' }]) {
      expect(await openEnvelope(EnvelopeKind.Pair, keys.envelopeKey, changed, sealed)).toBeNull();
    }
    expect(await openEnvelope(EnvelopeKind.Room, keys.envelopeKey, address, sealed)).toBeNull();
  });

  it('drops tampered, truncated and foreign packets without throwing', async () => {
    const keys = await RoomKeys.derive(ROOM, newSecret());
    const address = { room: ROOM, from: 'a', to: 'b' };
    const sealed = await sealEnvelope(EnvelopeKind.Room, keys.envelopeKey, address, utf8('x'), random);
    for (let i = 0; i < sealed.length; i += 7) {
      const tampered = sealed.slice();
      tampered[i]! ^= 1;
      expect(await openEnvelope(EnvelopeKind.Room, keys.envelopeKey, address, tampered)).toBeNull();
    }
    expect(envelopeKind(sealed.slice(0, 20))).toBeNull();
    expect(envelopeKind(utf8('{"type":"chat","text":"plain"}'))).toBeNull();
    const otherRoom = await RoomKeys.derive(ROOM, newSecret());
    expect(await openEnvelope(EnvelopeKind.Room, otherRoom.envelopeKey, address, sealed)).toBeNull();
  });
});

describe('hello and pair keys', () => {
  it('accepts a hello only from a holder of the same secret, for the identities that sent and should receive it', async () => {
    const secret = newSecret();
    const keys = await RoomKeys.derive(ROOM, secret);
    const alice = await createLocalMember('alice', 'Alice', random, Date.now());
    const hello = await sealHello(keys, alice, 'bob', { gen: 3, seen: 0, peerNonce: null }, random);
    const opened = await openHello(keys, 'alice', 'bob', hello);
    expect(opened?.peer.displayName).toBe('Alice');
    expect(opened?.peer.signingPublic).toEqual(alice.signingPublic);
    expect(opened?.channel).toEqual({ gen: 3, seen: 0, peerNonce: null });
    expect(await openHello(keys, 'mallory', 'bob', hello)).toBeNull();
    expect(await openHello(keys, 'alice', 'carol', hello)).toBeNull();
    expect(await openHello(await RoomKeys.derive(ROOM, newSecret()), 'alice', 'bob', hello)).toBeNull();
    expect(await openHello(await RoomKeys.derive('BBBBBBBBBBBBBBBBBBBBBB', secret), 'alice', 'bob', hello)).toBeNull();
  });

  it('gives both sides matching directional keys bound to both sessions and channel generations', async () => {
    const keys = await RoomKeys.derive(ROOM, newSecret());
    const alice = await createLocalMember('alice', 'Alice', random, Date.now());
    const bob = await createLocalMember('bob', 'Bob', random, Date.now());
    const aliceSeesBob = (await openHello(keys, 'bob', 'alice', await sealHello(keys, bob, 'alice', { gen: 7, seen: 0, peerNonce: null }, random)))!.peer;
    const bobSeesAlice = (await openHello(keys, 'alice', 'bob', await sealHello(keys, alice, 'bob', { gen: 2, seen: 7, peerNonce: bob.nonce }, random)))!.peer;
    const a = (await derivePairKeys(keys, alice, 2, aliceSeesBob, 7))!;
    const b = (await derivePairKeys(keys, bob, 7, bobSeesAlice, 2))!;
    const address = { room: ROOM, from: 'alice', to: 'bob' };
    const sealed = await sealEnvelope(EnvelopeKind.Pair, a.send, address, utf8('k'), random);
    expect(fromUtf8((await openEnvelope(EnvelopeKind.Pair, b.receive, address, sealed))!)).toBe('k');
    // Reflection: alice's own receive key does not open what she sent.
    expect(await openEnvelope(EnvelopeKind.Pair, a.receive, address, sealed)).toBeNull();
    // Another channel generation of the same sessions has other keys.
    const bNext = (await derivePairKeys(keys, bob, 8, bobSeesAlice, 2))!;
    expect(await openEnvelope(EnvelopeKind.Pair, bNext.receive, address, sealed)).toBeNull();
    // A new session of bob (new keys and nonce) cannot read the old session's traffic.
    const bob2 = await createLocalMember('bob', 'Bob', random, Date.now());
    const b2 = (await derivePairKeys(keys, bob2, 7, bobSeesAlice, 2))!;
    expect(await openEnvelope(EnvelopeKind.Pair, b2.receive, address, sealed)).toBeNull();
  });

  it("binds the recipient's session nonce: a hello answering one session of the recipient means nothing to another", async () => {
    const keys = await RoomKeys.derive(ROOM, newSecret());
    const alice = await createLocalMember('alice', 'Alice', random, Date.now());
    const bob = await createLocalMember('bob', 'Bob', random, Date.now());
    const hello = await sealHello(keys, alice, 'bob', { gen: 1, seen: 4, peerNonce: bob.nonce }, random);
    const opened = await openHello(keys, 'alice', 'bob', hello);
    expect(opened?.channel.peerNonce).toEqual(bob.nonce);
    // Changing the named nonce (e.g. to pass the hello off as answering another session) breaks the signature.
    const plaintext = JSON.parse(fromUtf8((await openEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: ROOM, from: 'alice', to: 'bob' }, hello))!)!);
    plaintext.peer = encodeBase64Url(random(16));
    const forged = await sealEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: ROOM, from: 'alice', to: 'bob' }, utf8(JSON.stringify(plaintext)), random);
    expect(await openHello(keys, 'alice', 'bob', forged)).toBeNull();
  });

  it('refuses display names that could impersonate on screen', async () => {
    const keys = await RoomKeys.derive(ROOM, newSecret());
    for (const name of ['', ' Alice', 'Al\u202eice', 'A\nB', 'x'.repeat(65)]) {
      const member = await createLocalMember('m', name, random, Date.now());
      expect(await openHello(keys, 'm', 'n', await sealHello(keys, member, 'n', { gen: 1, seen: 0, peerNonce: null }, random))).toBeNull();
    }
  });
});
