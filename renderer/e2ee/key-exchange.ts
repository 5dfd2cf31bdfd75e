import { bytesEqual, compareBytes, copyBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { signChat, verifyChat, type ChatMessage } from './chat';
import { EnvelopeKind, envelopeKind, MAX_ENVELOPE_BYTES, openEnvelope, sealEnvelope } from './envelope';
import { createLocalMember, derivePairKeys, openHello, sealHello, type LocalMember, type PairKeys, type PeerHello, type RandomBytes } from './handshake';
import { deriveJoinKey, keyIndexForEpoch, MEDIA_KEY_BYTES } from './media-keys';
import { MAX_MESSAGE_TEXT, normalizeDisplayName, PairMessageSchema, parseJson, type PairBody } from './messages';
import type { RoomKeys } from './room-keys';
import { computeSecurityCode } from './security-code';
import { TypedEvents } from './typed-events';

/**
 * The key-exchange state machine: one per call and device. Transport-agnostic: it is fed participant joins/leaves and
 * received bytes, and hands bytes to `transport.send`. Inputs are processed strictly one at a time, in order.
 *
 * Media keys: each member has its own chain of keys, one per epoch. Epoch 0 is random and given to nobody (media
 * sent before anyone is verified stays unreadable). Keys go only to verified members: those that answered on a pair
 * channel bound to their current session. When a member is verified (or its channel restarts) the sender moves to
 * `HKDF(previous, "media-join")`: members who had the previous key are told to derive it, new members get it in
 * full. When a member who held a key leaves, the sender draws a fresh random key and sends it to the remaining
 * members only. Changes that come within `debounceMs` are grouped into one epoch; the sender switches to the new
 * epoch once every recipient that held an earlier key of ours has acknowledged it, or after `switchDeadlineMs` at the
 * latest, so a leaver loses access within debounce + deadline (1 s with the defaults).
 *
 * Pair channels are reliable and ordered on top of a transport that may drop, duplicate, reorder or replay:
 * sequence numbers, cumulative acks, retransmission with backoff, duplicates ignored.
 */

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Transport {
  /** Deliver `bytes` to exactly these participants (reliable data packet, `destinationIdentities`). */
  send(to: readonly string[], bytes: Uint8Array): void;
}

export interface KeyExchangeTiming {
  /** Membership changes within this window share one new epoch. */
  debounceMs: number;
  /** The longest a sender waits for acknowledgements before switching to a new epoch anyway. */
  switchDeadlineMs: number;
  /** First retransmission delay; doubles up to `maxRetryMs` while nothing is acknowledged. */
  retryMs: number;
  maxRetryMs: number;
  /** Retransmissions without progress before `deliveryStalled` is reported for a member. */
  stallAfterRetries: number;
}

export const DEFAULT_TIMING: KeyExchangeTiming = {
  debounceMs: 250,
  switchDeadlineMs: 750,
  retryMs: 400,
  maxRetryMs: 4000,
  stallAfterRetries: 4,
};

export interface KeyExchangeOptions {
  roomKeys: RoomKeys;
  /** This device's participant identity as the server knows it. */
  identity: string;
  /** Shown to other members once they have verified this device; normalised with `normalizeDisplayName`. */
  displayName: string;
  transport: Transport;
  clock?: Clock;
  /** Must be a CSPRNG; defaults to crypto.getRandomValues. */
  randomBytes?: RandomBytes;
  timing?: Partial<KeyExchangeTiming>;
}

export type MemberStatus = 'unverified' | 'verified';

export interface MemberInfo {
  identity: string;
  status: MemberStatus;
  /** From the authenticated hello; null until one has been received. Never the server's name. */
  displayName: string | null;
  /** True once this device holds a media key from that member. */
  hasKey: boolean;
}

export enum KeyExchangeEvent {
  KeyForSender = 'keyForSender',
  OwnKeyChanged = 'ownKeyChanged',
  MemberVerified = 'memberVerified',
  MemberUnverified = 'memberUnverified',
  SecurityCode = 'securityCode',
  Message = 'message',
  DeliveryStalled = 'deliveryStalled',
  DeliveryRecovered = 'deliveryRecovered',
  ProtocolError = 'protocolError',
}

export type KeyExchangeCallbacks = {
  /** A remote sender's media key for frames carrying `keyIndex`. Give it to the key provider. */
  [KeyExchangeEvent.KeyForSender]: (identity: string, keyIndex: number, keyBytes: Uint8Array, epoch: number) => void;
  /** Start encrypting own media with this key now. */
  [KeyExchangeEvent.OwnKeyChanged]: (keyIndex: number, keyBytes: Uint8Array, epoch: number) => void;
  [KeyExchangeEvent.MemberVerified]: (identity: string, displayName: string) => void;
  /** The member left, or its session was replaced: stop rendering it until verified again. */
  [KeyExchangeEvent.MemberUnverified]: (identity: string) => void;
  [KeyExchangeEvent.SecurityCode]: (code: string, verifiedMembers: number) => void;
  [KeyExchangeEvent.Message]: (message: ChatMessage) => void;
  /** Key messages to this member have gone unacknowledged for a while; show a warning. */
  [KeyExchangeEvent.DeliveryStalled]: (identity: string) => void;
  /** A member reported as stalled acknowledged again; its warning can go (MemberUnverified also ends it). */
  [KeyExchangeEvent.DeliveryRecovered]: (identity: string) => void;
  /** Internal failure (never carries key material); the call should be treated as not secure. */
  [KeyExchangeEvent.ProtocolError]: (reason: string) => void;
};

/** Out-of-order messages held per channel; anything further ahead is dropped and will be retransmitted. */
const RECEIVE_WINDOW = 64;
/** Old epochs kept per sender for frames still in flight; the SDK keyring holds them until overwritten. */
const KEPT_EPOCHS = 4;

interface Peer {
  identity: string;
  hello: PeerHello | null;
  pair: PairKeys | null;
  verified: boolean;
  /** Our channel generation towards this member, and the latest of theirs we accepted (0: none yet). */
  myGen: number;
  theirGen: number;
  lastHelloAt: number;
  nextSeq: number;
  outbox: Map<number, PairBody>;
  expected: number;
  inbox: Map<number, PairBody>;
  keys: Map<number, Uint8Array>;
  latestEpoch: number;
  /** Latest own epoch queued on the current channel (in full or as an advance); null when none yet. */
  ownEpochQueued: number | null;
  /** True once any of our keys was queued to this session, on any channel: its leave then needs a fresh key. */
  holdsOwnKey: boolean;
  retryAt: number;
  retryDelay: number;
  retriesWithoutProgress: number;
  stallReported: boolean;
}

interface PendingRotation {
  leave: boolean;
  timer: unknown;
}

interface PendingSwitch {
  epoch: number;
  deadline: number;
  timer: unknown;
  /** Members still to acknowledge, with the sequence number that carried the epoch to them. */
  awaiting: Map<string, number>;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

const systemRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

export class KeyExchange extends TypedEvents<KeyExchangeCallbacks> {
  private readonly keys: RoomKeys;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly random: RandomBytes;
  private readonly timing: KeyExchangeTiming;
  private readonly local: LocalMember;
  private readonly peers = new Map<string, Peer>();
  /**
   * The newest session seen per identity, kept after the member leaves: hellos of older sessions (a late or replayed
   * packet) are ignored, so they can never displace the current session; the same session may come back.
   */
  private readonly newestSession = new Map<string, PeerHello>();
  /** Source of channel generations; unique within this session, so every new channel state gets a larger one. */
  private nextGen = 1;
  private readonly ownKeys = new Map<number, Uint8Array>();
  private currentEpoch = 0;
  private targetEpoch = 0;
  private rotation: PendingRotation | null = null;
  private switching: PendingSwitch | null = null;
  private retryTimer: unknown = null;
  private code: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private started = false;

  private constructor(options: KeyExchangeOptions, local: LocalMember) {
    // A throwing ProtocolError listener is not reported again, or one faulty listener would recurse forever.
    super((_error, event) => {
      if (event !== KeyExchangeEvent.ProtocolError) this.emit(KeyExchangeEvent.ProtocolError, 'an event listener threw');
    });
    this.keys = options.roomKeys;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.random = options.randomBytes ?? systemRandom;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.local = local;
    // Exists from the start, so a rotation can never run without a previous key, whatever the call order.
    this.ownKeys.set(0, copyBytes(this.random(MEDIA_KEY_BYTES)));
  }

  /** Creates the per-call keys. Call `start()` after subscribing to events. */
  static async create(options: KeyExchangeOptions): Promise<KeyExchange> {
    const random = options.randomBytes ?? systemRandom;
    const clock = options.clock ?? systemClock;
    const local = await createLocalMember(options.identity, normalizeDisplayName(options.displayName), random, clock.now());
    return new KeyExchange(options, local);
  }

  get identity(): string {
    return this.local.identity;
  }

  /** Emits the initial own key (epoch 0, shared with nobody) and the initial security code; starts retransmission. */
  start(): Promise<void> {
    return this.run(async () => {
      if (this.started) return;
      this.started = true;
      this.emit(KeyExchangeEvent.OwnKeyChanged, keyIndexForEpoch(this.currentEpoch), copyBytes(this.ownKeys.get(this.currentEpoch)!), this.currentEpoch);
      await this.updateSecurityCode();
      this.armRetryTimer();
    });
  }

  /** The transport reports a participant (call it for everyone already in the room on connect, too). */
  onParticipantJoined(identity: string): void {
    void this.run(async () => {
      if (identity === this.local.identity || this.peers.has(identity)) return;
      this.peers.set(identity, this.newPeer(identity));
      await this.sendHello(this.peers.get(identity)!);
    });
  }

  onParticipantLeft(identity: string): void {
    void this.run(async () => {
      const peer = this.peers.get(identity);
      if (!peer) return;
      this.peers.delete(identity);
      for (const key of peer.keys.values()) key.fill(0);
      this.switching?.awaiting.delete(identity);
      if (peer.holdsOwnKey) this.scheduleRotation(true);
      if (peer.hello) this.emit(KeyExchangeEvent.MemberUnverified, identity);
      await this.updateSecurityCode();
      await this.maybeSwitch();
    });
  }

  /** Every data packet received in the call, with the sender identity the transport reports. Invalid ones are dropped. */
  onData(from: string, bytes: Uint8Array): void {
    if (bytes.length > MAX_ENVELOPE_BYTES) return;
    const copy = copyBytes(bytes);
    void this.run(async () => {
      const peer = this.peers.get(from);
      if (!peer) return;
      const kind = envelopeKind(copy);
      if (kind === EnvelopeKind.Room) await this.receiveHello(peer, copy);
      else if (kind === EnvelopeKind.Pair) await this.receivePair(peer, copy);
    });
  }

  /** Sends a signed, encrypted message to every verified member; returns it for local display. */
  async sendMessage(text: string): Promise<ChatMessage> {
    if (text.length === 0 || text.length > MAX_MESSAGE_TEXT) throw new RangeError(`messages are 1–${MAX_MESSAGE_TEXT} characters`);
    const result: { message?: ChatMessage } = {};
    await this.run(async () => {
      const id = toBase64Url(this.random(16));
      const sentAt = this.clock.now();
      const body = await signChat(this.keys.room, this.local, id, sentAt, text);
      for (const peer of this.peers.values()) if (peer.verified) await this.queueBody(peer, body);
      result.message = { from: this.local.identity, displayName: this.local.displayName, id, sentAt, text };
    });
    if (!result.message) throw new Error('The call has ended; the message was not sent.');
    return result.message;
  }

  /** Snapshot of every participant the transport reported and what the protocol knows about it. */
  members(): MemberInfo[] {
    return [...this.peers.values()].map((peer) => ({
      identity: peer.identity,
      status: peer.verified ? 'verified' : 'unverified',
      displayName: peer.hello?.displayName ?? null,
      hasKey: peer.keys.size > 0,
    }));
  }

  /** Fail-closed rendering: show a participant's media only when this is true (and its tracks are encrypted). */
  canRender(identity: string): boolean {
    const peer = this.peers.get(identity);
    return peer !== undefined && peer.verified && peer.keys.size > 0;
  }

  securityCode(): string | null {
    return this.code;
  }

  /** Resolves when every input received so far has been processed (for tests and orderly shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
    if (this.rotation) this.clock.clearTimeout(this.rotation.timer);
    if (this.switching) this.clock.clearTimeout(this.switching.timer);
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.rotation = null;
    this.switching = null;
    this.retryTimer = null;
    // Best effort: JavaScript cannot guarantee erasure, but no key outlives the call in this object.
    for (const key of this.ownKeys.values()) key.fill(0);
    for (const peer of this.peers.values()) for (const key of peer.keys.values()) key.fill(0);
    this.peers.clear();
    this.ownKeys.clear();
  }

  override toString(): string {
    return '[KeyExchange]';
  }

  toJSON(): string {
    return '[KeyExchange]';
  }

  private run(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (error) {
        // A task that was in flight when the call ended may fail on cleared state; that is not worth reporting.
        if (!this.closed) this.emit(KeyExchangeEvent.ProtocolError, error instanceof Error ? error.name : 'unknown error');
      }
    });
    return this.queue;
  }

  private newPeer(identity: string): Peer {
    return {
      identity,
      hello: null,
      pair: null,
      verified: false,
      myGen: this.nextGen++,
      theirGen: 0,
      lastHelloAt: -Infinity,
      nextSeq: 1,
      outbox: new Map(),
      expected: 1,
      inbox: new Map(),
      keys: new Map(),
      latestEpoch: -1,
      ownEpochQueued: null,
      holdsOwnKey: false,
      retryAt: this.clock.now() + this.timing.retryMs,
      retryDelay: this.timing.retryMs,
      retriesWithoutProgress: 0,
      stallReported: false,
    };
  }

  private async sendHello(peer: Peer): Promise<void> {
    peer.lastHelloAt = this.clock.now();
    const channel = { gen: peer.myGen, seen: peer.theirGen };
    this.transport.send([peer.identity], await sealHello(this.keys, this.local, peer.identity, channel, this.random));
  }

  private async receiveHello(peer: Peer, bytes: Uint8Array): Promise<void> {
    const opened = await openHello(this.keys, peer.identity, this.local.identity, bytes);
    if (opened === null) return;
    const { peer: hello, channel } = opened;
    const newest = this.newestSession.get(peer.identity);
    if (newest && !bytesEqual(newest.nonce, hello.nonce) && !isNewerSession(hello, newest)) return;
    this.newestSession.set(peer.identity, hello);

    if (peer.hello && !bytesEqual(peer.hello.nonce, hello.nonce)) {
      // The same identity started a new session: the old one counts as having left.
      this.switching?.awaiting.delete(peer.identity);
      if (peer.holdsOwnKey) this.scheduleRotation(true);
      this.emit(KeyExchangeEvent.MemberUnverified, peer.identity);
      for (const key of peer.keys.values()) key.fill(0);
      Object.assign(peer, this.newPeer(peer.identity));
      await this.updateSecurityCode();
    }
    peer.hello ??= hello;

    if (channel.gen < peer.theirGen) return;
    if (channel.gen === peer.theirGen) {
      // Current channel. If the sender does not know our generation yet, tell it (at most once per retry interval).
      if (channel.seen !== peer.myGen && this.clock.now() - peer.lastHelloAt >= this.timing.retryMs) await this.sendHello(peer);
      return;
    }
    // The sender (re)started its channel with us: start ours afresh, bound to both generations.
    const pair = await derivePairKeys(this.keys, this.local, peer.myGen, hello, channel.gen);
    if (pair === null) return;
    this.switching?.awaiting.delete(peer.identity);
    Object.assign(peer, { pair, theirGen: channel.gen, nextSeq: 1, outbox: new Map(), expected: 1, inbox: new Map(), ownEpochQueued: null });
    await this.sendHello(peer);
    await this.queueBody(peer, { t: 'confirm' });
    // A member that stays verified across a channel restart needs our current key again on the new channel.
    if (peer.verified) this.scheduleRotation(false);
  }

  private async receivePair(peer: Peer, bytes: Uint8Array): Promise<void> {
    if (!peer.pair) return;
    const address = { room: this.keys.room, from: peer.identity, to: this.local.identity };
    const plaintext = await openEnvelope(EnvelopeKind.Pair, peer.pair.receive, address, bytes);
    const message = plaintext && parseJson(PairMessageSchema, fromUtf8(plaintext));
    if (!message || message.ack >= peer.nextSeq) return;

    if (!peer.verified) {
      peer.verified = true;
      this.emit(KeyExchangeEvent.MemberVerified, peer.identity, peer.hello!.displayName);
      await this.updateSecurityCode();
      // Keys go only to members that proved, on this channel, that they hold their session's agreement key.
      this.scheduleRotation(false);
    }
    this.acknowledge(peer, message.ack);

    if (message.seq === 0 || !message.body) return;
    if (message.seq >= peer.expected && message.seq < peer.expected + RECEIVE_WINDOW) peer.inbox.set(message.seq, message.body);
    let body = peer.inbox.get(peer.expected);
    while (body !== undefined && this.peers.get(peer.identity) === peer) {
      peer.inbox.delete(peer.expected);
      peer.expected += 1;
      await this.handleBody(peer, body);
      body = peer.inbox.get(peer.expected);
    }
    if (this.peers.get(peer.identity) === peer) await this.transmit(peer, 0, undefined);
  }

  private acknowledge(peer: Peer, ack: number): void {
    let progressed = false;
    for (const seq of [...peer.outbox.keys()]) {
      if (seq <= ack) {
        peer.outbox.delete(seq);
        progressed = true;
      }
    }
    if (progressed) {
      peer.retriesWithoutProgress = 0;
      if (peer.stallReported) this.emit(KeyExchangeEvent.DeliveryRecovered, peer.identity);
      peer.stallReported = false;
      peer.retryDelay = this.timing.retryMs;
      peer.retryAt = this.clock.now() + peer.retryDelay;
    }
    const awaitedSeq = this.switching?.awaiting.get(peer.identity);
    if (awaitedSeq !== undefined && awaitedSeq <= ack) {
      this.switching!.awaiting.delete(peer.identity);
      void this.run(() => this.maybeSwitch());
    }
  }

  private async handleBody(peer: Peer, body: PairBody): Promise<void> {
    switch (body.t) {
      case 'confirm':
        return;
      case 'key': {
        const key = fromBase64Url(body.key);
        if (key && body.epoch > peer.latestEpoch) this.installPeerKey(peer, body.epoch, key);
        return;
      }
      case 'advance': {
        const previous = peer.keys.get(body.epoch - 1);
        if (!previous || body.epoch !== peer.latestEpoch + 1) return;
        this.installPeerKey(peer, body.epoch, await deriveJoinKey(this.keys.room, peer.identity, previous, body.epoch));
        return;
      }
      case 'chat': {
        const message = await verifyChat(this.keys.room, peer.hello!, body);
        if (message) this.emit(KeyExchangeEvent.Message, message);
        return;
      }
    }
  }

  private installPeerKey(peer: Peer, epoch: number, key: Uint8Array): void {
    peer.keys.set(epoch, key);
    peer.latestEpoch = epoch;
    for (const [old, oldKey] of [...peer.keys]) {
      if (old > epoch - KEPT_EPOCHS) continue;
      oldKey.fill(0);
      peer.keys.delete(old);
    }
    this.emit(KeyExchangeEvent.KeyForSender, peer.identity, keyIndexForEpoch(epoch), copyBytes(key), epoch);
  }

  private async queueBody(peer: Peer, body: PairBody): Promise<number> {
    const seq = peer.nextSeq++;
    peer.outbox.set(seq, body);
    await this.transmit(peer, seq, body);
    return seq;
  }

  private async transmit(peer: Peer, seq: number, body: PairBody | undefined): Promise<void> {
    if (!peer.pair) return;
    const message = body === undefined ? { seq: 0, ack: peer.expected - 1 } : { seq, ack: peer.expected - 1, body };
    const address = { room: this.keys.room, from: this.local.identity, to: peer.identity };
    const bytes = await sealEnvelope(EnvelopeKind.Pair, peer.pair.send, address, utf8(JSON.stringify(message)), this.random);
    this.transport.send([peer.identity], bytes);
  }

  private scheduleRotation(leave: boolean): void {
    if (this.rotation) {
      this.rotation.leave ||= leave;
      return;
    }
    const timer = this.clock.setTimeout(() => void this.run(() => this.rotate()), this.timing.debounceMs);
    this.rotation = { leave, timer };
  }

  /** Moves own media to a new epoch and sends it to the members who hold pair keys now. */
  private async rotate(): Promise<void> {
    const rotation = this.rotation;
    if (!rotation) return;
    this.rotation = null;
    const recipients = [...this.peers.values()].filter((peer) => peer.pair !== null && peer.verified);
    const previousEpoch = this.targetEpoch;
    const epoch = previousEpoch + 1;
    const previous = this.ownKeys.get(previousEpoch)!;
    const key = rotation.leave
      ? copyBytes(this.random(MEDIA_KEY_BYTES))
      : await deriveJoinKey(this.keys.room, this.local.identity, previous, epoch);
    this.ownKeys.set(epoch, key);
    this.targetEpoch = epoch;

    // Only members that already hold one of our keys can be decrypting our media now; the switch waits for them. A
    // member getting its first key receives nothing of ours before it has a key (fail-closed subscriptions), so
    // waiting for it would only keep everyone else on the old key, and a joiner on epoch 0, which nobody can read.
    const awaiting = new Map<string, number>();
    for (const peer of recipients) {
      const canDerive = !rotation.leave && peer.ownEpochQueued === previousEpoch;
      const body: PairBody = canDerive ? { t: 'advance', epoch } : { t: 'key', epoch, key: toBase64Url(key) };
      const decryptingUs = peer.holdsOwnKey;
      peer.ownEpochQueued = epoch;
      peer.holdsOwnKey = true;
      const seq = await this.queueBody(peer, body);
      if (decryptingUs) awaiting.set(peer.identity, seq);
    }

    const now = this.clock.now();
    const deadline = Math.min(this.switching?.deadline ?? Infinity, now + this.timing.switchDeadlineMs);
    if (this.switching) this.clock.clearTimeout(this.switching.timer);
    const timer = this.clock.setTimeout(() => void this.run(() => this.maybeSwitch()), Math.max(0, deadline - now));
    this.switching = { epoch, deadline, timer, awaiting };
    await this.maybeSwitch();
  }

  private async maybeSwitch(): Promise<void> {
    const switching = this.switching;
    if (!switching) return;
    if (switching.awaiting.size > 0 && this.clock.now() < switching.deadline) return;
    this.clock.clearTimeout(switching.timer);
    this.switching = null;
    this.currentEpoch = switching.epoch;
    for (const [epoch, key] of [...this.ownKeys]) {
      if (epoch >= this.currentEpoch) continue;
      key.fill(0);
      this.ownKeys.delete(epoch);
    }
    this.emit(KeyExchangeEvent.OwnKeyChanged, keyIndexForEpoch(this.currentEpoch), copyBytes(this.ownKeys.get(this.currentEpoch)!), this.currentEpoch);
  }

  private async updateSecurityCode(): Promise<void> {
    const members = [
      { identity: this.local.identity, signingPublic: this.local.signingPublic, agreementPublic: this.local.agreementPublic, nonce: this.local.nonce },
      ...[...this.peers.values()].filter((peer) => peer.verified && peer.hello).map((peer) => peer.hello!),
    ];
    const code = await computeSecurityCode(this.keys.room, members);
    if (code === this.code) return;
    this.code = code;
    this.emit(KeyExchangeEvent.SecurityCode, code, members.length);
  }

  private armRetryTimer(): void {
    if (this.closed) return;
    this.retryTimer = this.clock.setTimeout(() => {
      void this.run(() => this.retransmit());
      this.armRetryTimer();
    }, Math.max(50, Math.floor(this.timing.retryMs / 2)));
  }

  /** Resends what has not been acknowledged, and hellos to members not yet verified, with exponential backoff. */
  private async retransmit(): Promise<void> {
    const now = this.clock.now();
    for (const peer of [...this.peers.values()]) {
      if (peer.verified && peer.outbox.size === 0) continue;
      if (now < peer.retryAt) continue;
      peer.retriesWithoutProgress += 1;
      peer.retryDelay = Math.min(this.timing.maxRetryMs, peer.retryDelay * 2);
      peer.retryAt = now + peer.retryDelay;
      if (!peer.verified) await this.sendHello(peer);
      for (const [seq, body] of peer.outbox) await this.transmit(peer, seq, body);
      if (peer.outbox.size > 0 && peer.retriesWithoutProgress >= this.timing.stallAfterRetries && !peer.stallReported) {
        peer.stallReported = true;
        this.emit(KeyExchangeEvent.DeliveryStalled, peer.identity);
      }
    }
  }
}

/** Sessions of one identity are ordered by their signed start time; the nonce breaks a tie. */
function isNewerSession(candidate: PeerHello, current: PeerHello): boolean {
  if (candidate.startedAt !== current.startedAt) return candidate.startedAt > current.startedAt;
  return compareBytes(candidate.nonce, current.nonce) > 0;
}
