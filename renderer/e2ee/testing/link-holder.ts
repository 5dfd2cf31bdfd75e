/**
 * A test-side attacker that holds the link (so it can open and make room envelopes) and has the server's help
 * (whatever it crafts is delivered as if sent by the member it names). It is what the hostile-server tests use to
 * try the protocol's breaks; plain TypeScript, usable from Vitest and from the Playwright bench alike.
 */
import { fromUtf8 } from '../bytes';
import { EnvelopeKind, envelopeKind, openEnvelope } from '../envelope';
import { createLocalMember, derivePairKeys, openHello, sealHello, type HelloChannel, type LocalMember, type PairKeys, type PeerHello } from '../handshake';
import { PairMessageSchema, parseJson, type PairBody } from '../messages';
import type { RoomKeys } from '../room-keys';

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));

export interface ObservedHello {
  hello: PeerHello;
  channel: HelloChannel;
}

export class LinkHolder {
  private pair: PairKeys | null = null;

  private constructor(
    readonly keys: RoomKeys,
    /** The attacker's own keys, under the identity, name, nonce and start it claims. */
    readonly member: LocalMember,
  ) {}

  /** Reads a hello `from` sent to `to` (any link holder can). */
  static async observe(keys: RoomKeys, from: string, to: string, bytes: Uint8Array): Promise<ObservedHello | null> {
    if (envelopeKind(bytes) !== EnvelopeKind.Room) return null;
    const opened = await openHello(keys, from, to, bytes);
    return opened ? { hello: opened.peer, channel: opened.channel } : null;
  }

  /**
   * Impersonates `victim`'s session: same identity, nonce, start and name, the attacker's own agreement and
   * signing keys (attack 3 of the hostile-server issue).
   */
  static async impersonate(keys: RoomKeys, victim: PeerHello): Promise<LinkHolder> {
    const own = await createLocalMember(victim.identity, victim.displayName, random, victim.startedAt);
    return new LinkHolder(keys, { ...own, nonce: victim.nonce.slice(), startedAt: victim.startedAt });
  }

  /** A new session under someone's identity, with any start time it likes (attack 7). */
  static async newSession(keys: RoomKeys, identity: string, displayName: string, startedAt: number): Promise<LinkHolder> {
    return new LinkHolder(keys, await createLocalMember(identity, displayName, random, startedAt));
  }

  /** A hello to `target` on a channel generation of the attacker's choice, answering the target's own hello. */
  async helloTo(target: ObservedHello, gen: number): Promise<Uint8Array> {
    const channel: HelloChannel = { gen, seen: target.channel.gen, peerNonce: target.hello.nonce };
    this.pair = await derivePairKeys(this.keys, this.member, gen, target.hello, target.channel.gen);
    return sealHello(this.keys, this.member, target.hello.identity, channel, random);
  }

  /** The bodies the attacker can read in a pair envelope the target sent to the impersonated identity. */
  async read(from: string, bytes: Uint8Array): Promise<PairBody | null> {
    if (!this.pair || envelopeKind(bytes) !== EnvelopeKind.Pair) return null;
    const plaintext = await openEnvelope(EnvelopeKind.Pair, this.pair.receive, { room: this.keys.room, from, to: this.member.identity }, bytes);
    const message = plaintext && parseJson(PairMessageSchema, fromUtf8(plaintext));
    return message?.body ?? null;
  }
}
