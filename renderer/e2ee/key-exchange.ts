import { bytesEqual, copyBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { canonicalRecipients, signChat, verifyChat, type ChatMessage } from './chat';
import { defenceOn } from './defences';
import { EnvelopeKind, envelopeKind, HEADER_BYTES, MAX_ENVELOPE_BYTES, openEnvelope, sealEnvelope, TAG_BYTES } from './envelope';
import { createLocalMember, derivePairKeys, openHello, sealHello, type HelloChannel, type LocalMember, type PeerHello, type RandomBytes } from './handshake';
import { deriveJoinKey, keyIndexForEpoch, MEDIA_KEY_BYTES } from './media-keys';
import { MAX_MESSAGE_TEXT, normalizeDisplayName, PairMessageSchema, parseJson, type ChatBody, type PairBody, type PairMessage } from './messages';
import { PairChannel } from './pair-channel';
import type { RoomKeys } from './room-keys';
import { CODE_ITERATIONS, computeFingerprint, computeSecurityCode, type CodeMember } from './security-code';
import { SessionRegistry } from './session-registry';
import { TypedEvents } from './typed-events';

/**
 * The key-exchange state machine: one per call and device. Transport-agnostic: it is fed participant joins/leaves and
 * received bytes, and hands bytes to `transport.send`. Inputs are processed strictly one at a time, in order.
 *
 * Membership is decided by what members prove, not by what the server says:
 * - A member is verified once it has signed a hello that names our current session and channel (or sent an
 *   authenticated pair message, whose keys are bound to both): it holds the link secret and is live now.
 * - A verified member keeps acknowledging our heartbeats on the pair channel; one silent for `livenessMs` is treated
 *   as gone for keys (a fresh key excludes it) and reported as not responding, whatever the server says.
 * - Each identity has one session for the whole call (`SessionRegistry`): a hello that conflicts with it is a
 *   protocol violation, never a re-key.
 *
 * Media keys: each member has its own chain of keys, one per epoch. Epoch 0 is random and given to nobody. A newly
 * verified member gets a new epoch at once, `HKDF(previous, "media-join")`: members who had the previous key are told
 * to derive it, the new member gets it in full. When a member who held a key leaves or stops responding, the sender
 * draws a fresh random key and sends it to the others only (changes within `debounceMs` share one). The sender
 * switches once every recipient that held an earlier key of ours acknowledged, or after `switchDeadlineMs`. Keys also
 * advance every `rotationPeriodMs`, so no key lives long enough for livekit-client's frame IVs to repeat.
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
  /** Leaves (and members that stop responding) within this window share one new epoch. */
  debounceMs: number;
  /** The longest a sender waits for acknowledgements before switching to a new epoch anyway. */
  switchDeadlineMs: number;
  /** First retransmission delay; doubles up to `maxRetryMs` while nothing is acknowledged. */
  retryMs: number;
  maxRetryMs: number;
  /** Retransmissions without progress before `deliveryStalled` is reported for a member. */
  stallAfterRetries: number;
  /** Heartbeat interval per verified member (grows with the call: 20 ms per member). */
  heartbeatMs: number;
  /** A verified member that acknowledged no heartbeat sent within this long is treated as gone for keys. */
  livenessMs: number;
  /** Own keys advance at least this often. */
  rotationPeriodMs: number;
}

export const DEFAULT_TIMING: KeyExchangeTiming = {
  debounceMs: 250,
  switchDeadlineMs: 750,
  retryMs: 400,
  maxRetryMs: 4000,
  stallAfterRetries: 4,
  heartbeatMs: 1000,
  livenessMs: 5000,
  rotationPeriodMs: 10 * 60 * 1000,
};

/** Participants tracked at once; a call has at most 100, so more can only be a server inventing them. */
export const MAX_PEERS = 256;
/** A participant that has not verified within this long gets a hello only every `SLOW_HELLO_MS`. */
const UNVERIFIED_PATIENCE_MS = 60_000;
const SLOW_HELLO_MS = 30_000;
/** Channel restarts a member may cause: a burst of 3, then one per 10 s (each forces a new epoch on everyone). */
const RESTART_BURST = 3;
const RESTART_REFILL_MS = 10_000;
/** Old epochs kept per sender for frames still in flight. */
const KEPT_EPOCHS = 4;
/** Chat ids remembered per sender, to drop a repeated id. */
const SEEN_IDS = 512;
/**
 * How long messages a member had not acknowledged when the server reported it gone wait for it to come back (the
 * same session: a reconnect); then they are reported undelivered.
 */
const PARKED_MS = 30_000;

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
  /** Tests that compute thousands of codes lower this; the app never sets it. */
  securityCodeIterations?: number;
  /** Tests only: this device's keys and session, made beforehand (a test-side attacker reusing one session's keys). */
  member?: LocalMember;
  /**
   * Resolves once keys received so far are installed where frames are decrypted (the key provider's `settled`).
   * Key messages are acknowledged only then, so a sender never switches before its receivers can decrypt.
   */
  keysInstalled?: () => Promise<void>;
  /**
   * Resolves (or rejects) once `transport.send` can deliver at once (livekit-client: the publisher's reliable data
   * channel is open). Until then nothing is sealed: hellos and pair messages are built when it opens, from the state
   * then, so what went out of date while waiting (a hello that could not yet name the peer's session) is never sent.
   */
  transportReady?: Promise<unknown>;
}

export type MemberStatus = 'unverified' | 'verified';

export interface MemberInfo {
  identity: string;
  status: MemberStatus;
  /** False once a verified member stopped acknowledging heartbeats; it gets no new keys until it answers again. */
  responsive: boolean;
  /** From the authenticated hello; null until one has been received. Never the server's name. */
  displayName: string | null;
  /** True once this device holds a media key from that member. */
  hasKey: boolean;
}

export interface CodeEntry {
  identity: string;
  displayName: string;
  fingerprint: string;
  self: boolean;
}

export interface SecuritySummary {
  code: string;
  /** This device and every verified, responding member: what the code covers, each with its fingerprint. */
  members: CodeEntry[];
}

export type ViolationKind =
  /** A hello reusing the member's session nonce with other keys, name or start. */
  | 'conflicting-hello'
  /** A hello starting a second session under a member's identity. */
  | 'second-session'
  /** More channel restarts than any honest client makes. */
  | 'restart-flood';

export enum KeyExchangeEvent {
  KeyForSender = 'keyForSender',
  OwnKeyChanged = 'ownKeyChanged',
  MemberVerified = 'memberVerified',
  MemberUnverified = 'memberUnverified',
  MemberUnresponsive = 'memberUnresponsive',
  MemberResponsive = 'memberResponsive',
  SecurityCode = 'securityCode',
  Message = 'message',
  DeliveryStalled = 'deliveryStalled',
  DeliveryRecovered = 'deliveryRecovered',
  MessageDelivered = 'messageDelivered',
  MessageUndelivered = 'messageUndelivered',
  ProtocolViolation = 'protocolViolation',
  ProtocolError = 'protocolError',
}

export type KeyExchangeCallbacks = {
  /** A remote sender's media key for frames carrying `keyIndex`. Give it to the key provider. */
  [KeyExchangeEvent.KeyForSender]: (identity: string, keyIndex: number, keyBytes: Uint8Array, epoch: number) => void;
  /** Start encrypting own media with this key now. */
  [KeyExchangeEvent.OwnKeyChanged]: (keyIndex: number, keyBytes: Uint8Array, epoch: number) => void;
  [KeyExchangeEvent.MemberVerified]: (identity: string, displayName: string) => void;
  /** The member left, or restarted its channel and must verify again: stop rendering it until then. */
  [KeyExchangeEvent.MemberUnverified]: (identity: string) => void;
  /** A verified member stopped acknowledging heartbeats: it gets no new keys; show it as not responding. */
  [KeyExchangeEvent.MemberUnresponsive]: (identity: string) => void;
  [KeyExchangeEvent.MemberResponsive]: (identity: string) => void;
  [KeyExchangeEvent.SecurityCode]: (summary: SecuritySummary) => void;
  [KeyExchangeEvent.Message]: (message: ChatMessage) => void;
  /** Key messages to this member have gone unacknowledged for a while; show a warning. */
  [KeyExchangeEvent.DeliveryStalled]: (identity: string) => void;
  /** A member reported as stalled acknowledged again; its warning can go (MemberUnverified also ends it). */
  [KeyExchangeEvent.DeliveryRecovered]: (identity: string) => void;
  /** A message `sendMessage` returned (by its id) was acknowledged by this member: it has it, once. */
  [KeyExchangeEvent.MessageDelivered]: (id: string, identity: string) => void;
  /** This member left before acknowledging the message: it never got it (the UI can offer to send it again). */
  [KeyExchangeEvent.MessageUndelivered]: (id: string, identity: string) => void;
  /** Someone sent a hello no honest client sends for this member; dropped. Show it: it may be an interception attempt. */
  [KeyExchangeEvent.ProtocolViolation]: (identity: string, kind: ViolationKind) => void;
  /** Internal failure (never carries key material); the call should be treated as not secure. */
  [KeyExchangeEvent.ProtocolError]: (reason: string) => void;
};

interface Peer {
  identity: string;
  /** The session registered for this identity, once a valid hello arrived. */
  session: PeerHello | null;
  channel: PairChannel | null;
  /** Our channel generation towards this member. */
  myGen: number;
  verified: boolean;
  responsive: boolean;
  firstSeenAt: number;
  /** When our first hello of this channel generation went out: a hello acknowledging it proves life only after that. */
  helloSince: number | null;
  /** A hello is owed but the transport was not open yet; it is built and sent when it opens. */
  helloWanted: boolean;
  lastHelloAt: number;
  helloDelay: number;
  nextBeatAt: number;
  keys: Map<number, Uint8Array>;
  latestEpoch: number;
  /** Latest own epoch queued on the current channel (in full or as an advance); null when none yet. */
  ownEpochQueued: number | null;
  /** True once any of our keys was queued to this session, on any channel: its departure then needs a fresh key. */
  holdsOwnKey: boolean;
  /** It stopped responding at some point: a key made while it was excluded must never reach it. */
  wasExcluded: boolean;
  restartTokens: number;
  restartRefilledAt: number;
  reported: Set<ViolationKind>;
  seenChatIds: Set<string>;
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

/** Bytes a pair envelope adds around its JSON: header, AES-GCM tag, and the largest seq/ack/hb/hbAck fields. */
const PAIR_OVERHEAD = HEADER_BYTES + TAG_BYTES + JSON.stringify({ seq: 2 ** 31, ack: 2 ** 31, hb: 2 ** 31, hbAck: 2 ** 31, body: null }).length;

export class KeyExchange extends TypedEvents<KeyExchangeCallbacks> {
  private readonly keys: RoomKeys;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly random: RandomBytes;
  private readonly timing: KeyExchangeTiming;
  private readonly codeIterations: number;
  private readonly local: LocalMember;
  private readonly peers = new Map<string, Peer>();
  private readonly sessions = new SessionRegistry();
  /** Source of channel generations; unique within this session, so every new channel state gets a larger one. */
  private nextGen = 1;
  private readonly ownKeys = new Map<number, Uint8Array>();
  /** Messages for members the server reported gone, kept for their return. */
  private readonly parked = new Map<string, { nonce: Uint8Array | null; bodies: ChatBody[]; timer: unknown }>();
  /** When each own epoch was made: one made after a participant appeared may be given to it as it is. */
  private readonly epochMadeAt = new Map<number, number>();
  private readonly keysInstalled: () => Promise<void>;
  private currentEpoch = 0;
  private targetEpoch = 0;
  private leaveRotation: unknown = null;
  private switching: PendingSwitch | null = null;
  private tickTimer: unknown = null;
  private periodTimer: unknown = null;
  private summary: SecuritySummary | null = null;
  private codeRun: Promise<void> | null = null;
  private codeDirty = false;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private started = false;
  private transportOpen: boolean;

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
    this.codeIterations = options.securityCodeIterations ?? CODE_ITERATIONS;
    this.keysInstalled = options.keysInstalled ?? (() => Promise.resolve());
    this.local = local;
    this.transportOpen = options.transportReady === undefined;
    // A transport that failed to open is used anyway: sends then fail and are retransmitted, as before.
    const opened = () => void this.run(() => this.openTransport());
    options.transportReady?.then(opened, opened);
    // Exists from the start, so a rotation can never run without a previous key, whatever the call order.
    this.ownKeys.set(0, copyBytes(this.random(MEDIA_KEY_BYTES)));
  }

  /** Creates the per-call keys. Call `start()` after subscribing to events. */
  static async create(options: KeyExchangeOptions): Promise<KeyExchange> {
    const random = options.randomBytes ?? systemRandom;
    const clock = options.clock ?? systemClock;
    const local = options.member ?? (await createLocalMember(options.identity, normalizeDisplayName(options.displayName), random, clock.now()));
    return new KeyExchange(options, local);
  }

  get identity(): string {
    return this.local.identity;
  }

  /** Emits the initial own key (epoch 0, shared with nobody) and starts the security code, retransmission and heartbeats. */
  start(): Promise<void> {
    return this.run(async () => {
      if (this.started) return;
      this.started = true;
      this.emit(KeyExchangeEvent.OwnKeyChanged, keyIndexForEpoch(this.currentEpoch), copyBytes(this.ownKeys.get(this.currentEpoch)!), this.currentEpoch);
      this.updateSecurityCode();
      this.armTick();
      this.armPeriodicRotation();
    });
  }

  /** The transport reports a participant (call it for everyone already in the room on connect, too). */
  onParticipantJoined(identity: string): void {
    void this.run(async () => {
      if (identity === this.local.identity || this.peers.has(identity)) return;
      if (this.peers.size >= MAX_PEERS && defenceOn('resource-bounds')) return;
      const peer = this.newPeer(identity);
      this.peers.set(identity, peer);
      await this.sendHello(peer);
    });
  }

  onParticipantLeft(identity: string): void {
    void this.run(async () => {
      const peer = this.peers.get(identity);
      if (!peer) return;
      this.peers.delete(identity);
      for (const key of peer.keys.values()) key.fill(0);
      this.park(peer);
      this.switching?.awaiting.delete(identity);
      if (peer.holdsOwnKey) this.scheduleLeaveRotation();
      if (peer.verified) this.emit(KeyExchangeEvent.MemberUnverified, identity);
      this.updateSecurityCode();
      this.maybeSwitch();
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

  /**
   * Signs `text` for every verified, responding member (or only those in `to`) and sends it on their pair
   * channels; returns it for local display, with the recipients it was signed for. Throws a RangeError when the
   * text could never be sent (empty, too long for one envelope).
   */
  async sendMessage(text: string, options: { to?: readonly string[] } = {}): Promise<ChatMessage> {
    if (text.length === 0 || text.length > MAX_MESSAGE_TEXT) throw new RangeError(`Messages are 1–${MAX_MESSAGE_TEXT} characters.`);
    const result: { message?: ChatMessage } = {};
    await this.run(async () => {
      const id = toBase64Url(this.random(16));
      const sentAt = this.clock.now();
      const wanted = options.to ? new Set(options.to) : null;
      const recipients = [...this.peers.values()].filter(
        (peer) => this.isRecipient(peer) && (wanted === null || wanted.has(peer.identity)) && peer.channel!.hasRoom(),
      );
      const recipientIds = canonicalRecipients(recipients.map((peer) => peer.identity));
      const message = { from: this.local.identity, displayName: this.local.displayName, id, sentAt, text, recipients: recipientIds };
      if (recipients.length === 0) {
        result.message = message;
        return;
      }
      const body = await signChat(this.keys.room, this.local, id, sentAt, text, recipientIds);
      if (defenceOn('resource-bounds') && utf8(JSON.stringify(body)).length + PAIR_OVERHEAD > MAX_ENVELOPE_BYTES) {
        throw new RangeError('This message is too long to send in one piece. Shorten it and try again.');
      }
      for (const peer of recipients) await this.queueBody(peer, body);
      result.message = message;
    });
    if (!result.message) throw new Error('The call has ended; the message was not sent.');
    return result.message;
  }

  /** Snapshot of every participant the transport reported and what the protocol knows about it. */
  members(): MemberInfo[] {
    return [...this.peers.values()].map((peer) => ({
      identity: peer.identity,
      status: peer.verified ? 'verified' : 'unverified',
      responsive: peer.responsive,
      displayName: peer.session?.displayName ?? null,
      hasKey: peer.keys.size > 0,
    }));
  }

  /** Fail-closed rendering: show a participant's media only when this is true (and its tracks are encrypted). */
  canRender(identity: string): boolean {
    const peer = this.peers.get(identity);
    return peer !== undefined && peer.verified && peer.keys.size > 0;
  }

  /** Whether `identity` is a verified member now (its media may be subscribed before its key arrives). */
  isVerified(identity: string): boolean {
    return this.peers.get(identity)?.verified ?? false;
  }

  securitySummary(): SecuritySummary | null {
    return this.summary;
  }

  securityCode(): string | null {
    return this.summary?.code ?? null;
  }

  /** Resolves when every input received so far has been processed, and the security code is up to date. */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      await queue;
      if (this.codeRun) await this.codeRun;
      if (queue === this.queue && !this.codeRun) return;
    }
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.parked.values()) this.clock.clearTimeout(timer);
    this.parked.clear();
    for (const timer of [this.leaveRotation, this.switching?.timer, this.tickTimer, this.periodTimer]) {
      if (timer !== null && timer !== undefined) this.clock.clearTimeout(timer);
    }
    this.leaveRotation = null;
    this.switching = null;
    this.tickTimer = null;
    this.periodTimer = null;
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
    const next = this.queue.then(async () => {
      if (this.closed) return;
      await task();
    });
    // The queue itself never rejects: one failed input must not block the ones after it.
    this.queue = next.catch((error: unknown) => {
      // A task that was in flight when the call ended may fail on cleared state; that is not worth reporting.
      if (!this.closed && !(error instanceof RangeError)) this.emit(KeyExchangeEvent.ProtocolError, error instanceof Error ? error.name : 'unknown error');
    });
    return next;
  }

  private newPeer(identity: string): Peer {
    const now = this.clock.now();
    return {
      identity,
      session: null,
      channel: null,
      myGen: this.nextGen++,
      verified: false,
      responsive: true,
      firstSeenAt: now,
      helloSince: null,
      helloWanted: false,
      lastHelloAt: -Infinity,
      helloDelay: this.timing.retryMs,
      nextBeatAt: now,
      keys: new Map(),
      latestEpoch: -1,
      ownEpochQueued: null,
      holdsOwnKey: false,
      wasExcluded: false,
      restartTokens: RESTART_BURST,
      restartRefilledAt: now,
      reported: new Set(),
      seenChatIds: new Set(),
    };
  }

  /** Verified, responding and with a channel: gets our keys and messages. */
  private isRecipient(peer: Peer): boolean {
    return peer.verified && peer.responsive && peer.channel !== null;
  }

  /** The transport can deliver now: what was owed goes, built from the current state (hellos first). */
  private async openTransport(): Promise<void> {
    if (this.transportOpen) return;
    this.transportOpen = true;
    for (const peer of [...this.peers.values()]) {
      if (this.peers.get(peer.identity) !== peer) continue;
      if (peer.helloWanted) await this.sendHello(peer);
      const channel = peer.channel;
      if (!channel) continue;
      const pending = channel.pendingEntries();
      for (const [seq, body] of pending) await this.transmit(peer, seq, body, false);
      if (pending.length === 0 && channel.hasReceived()) await this.transmit(peer, 0, undefined, false);
    }
  }

  private async sendHello(peer: Peer): Promise<void> {
    if (!this.transportOpen) {
      peer.helloWanted = true;
      return;
    }
    peer.helloWanted = false;
    peer.lastHelloAt = this.clock.now();
    peer.helloSince ??= peer.lastHelloAt;
    const channel: HelloChannel = { gen: peer.myGen, seen: peer.channel?.theirGen ?? 0, peerNonce: peer.session?.nonce ?? null };
    this.transport.send([peer.identity], await sealHello(this.keys, this.local, peer.identity, channel, this.random));
  }

  private violation(peer: Peer, kind: ViolationKind): void {
    if (peer.reported.has(kind)) return;
    peer.reported.add(kind);
    this.emit(KeyExchangeEvent.ProtocolViolation, peer.identity, kind);
  }

  private async receiveHello(peer: Peer, bytes: Uint8Array): Promise<void> {
    const opened = await openHello(this.keys, peer.identity, this.local.identity, bytes);
    if (opened === null) return;
    const { peer: hello, channel } = opened;
    const verdict = this.sessions.admit(hello, (identity) => this.peers.has(identity));
    if (verdict.kind === 'conflict') return this.violation(peer, 'conflicting-hello');
    if (verdict.kind === 'second-session') return this.violation(peer, 'second-session');
    if (peer.session && !bytesEqual(peer.session.nonce, verdict.session.nonce)) this.replaceSession(peer);
    peer.session = verdict.session;

    const theirGen = peer.channel?.theirGen ?? 0;
    if (channel.gen < theirGen) return;
    const provesLive = channel.seen === peer.myGen && channel.peerNonce !== null && bytesEqual(channel.peerNonce, this.local.nonce);
    // A hello that verifies the member is answered by the key message alone: a pair envelope under keys bound to
    // both sessions and generations tells it everything our hello would (and verifies us), one packet instead of two.
    if (channel.gen > theirGen && !(await this.restartChannel(peer, hello, channel.gen, !provesLive))) return;
    if (provesLive) {
      this.markVerified(peer);
    } else if (this.clock.now() - peer.lastHelloAt >= this.timing.retryMs) {
      // The sender has not seen our hello of this channel yet: tell it (at most once per retry interval).
      await this.sendHello(peer);
    }
  }

  /** The previous protocol's session replacement, reachable only with the single-session defence off. */
  private replaceSession(peer: Peer): void {
    this.switching?.awaiting.delete(peer.identity);
    if (peer.holdsOwnKey) this.scheduleLeaveRotation();
    if (peer.verified) this.emit(KeyExchangeEvent.MemberUnverified, peer.identity);
    for (const key of peer.keys.values()) key.fill(0);
    Object.assign(peer, this.newPeer(peer.identity));
    this.updateSecurityCode();
  }

  /** The sender (re)started its channel with us: start ours afresh, bound to both generations. False if refused. */
  private async restartChannel(peer: Peer, hello: PeerHello, gen: number, announce: boolean): Promise<boolean> {
    const first = peer.channel === null;
    if (!first && defenceOn('resource-bounds') && !this.takeRestartToken(peer)) {
      this.violation(peer, 'restart-flood');
      return false;
    }
    // Pair keys come only from the registered session's hello; the previous protocol used whichever hello came last.
    const source = defenceOn('session-binding') ? peer.session! : hello;
    const pair = await derivePairKeys(this.keys, this.local, peer.myGen, source, gen);
    if (pair === null) return false;
    const wasVerified = peer.verified;
    this.switching?.awaiting.delete(peer.identity);
    // Messages the old channel had not delivered go again on the new one (the receiver drops one it already had).
    const carried = (peer.channel?.pendingBodies() ?? []).filter((body) => body.t === 'chat');
    // A hello proves only that the peer saw one of ours (the server may have held it back as long as it liked), so
    // liveness starts from what was known: the old channel's heartbeats, or our first hello. Heartbeats take over.
    const aliveSince = peer.channel?.heardAt ?? peer.helloSince ?? this.clock.now();
    peer.channel = new PairChannel(pair, gen, this.timing, this.clock.now(), aliveSince);
    peer.ownEpochQueued = null;
    // The sender starts its side afresh too and sends its current key in full: take it even if it is the one we had,
    // so it is installed again (the key provider wipes the keys of a member that must verify again unless it does).
    peer.latestEpoch = -1;
    if (wasVerified && defenceOn('session-binding')) {
      // A restarted channel proves nothing yet: the member verifies again before it gets anything.
      peer.verified = false;
      this.emit(KeyExchangeEvent.MemberUnverified, peer.identity);
      this.updateSecurityCode();
    }
    if (announce || !defenceOn('session-binding')) await this.sendHello(peer);
    for (const body of carried) await this.queueBody(peer, body);
    if (wasVerified && !defenceOn('session-binding')) await this.rotate(false);
    return true;
  }

  private takeRestartToken(peer: Peer): boolean {
    const now = this.clock.now();
    const refill = Math.floor((now - peer.restartRefilledAt) / RESTART_REFILL_MS);
    if (refill > 0) {
      peer.restartTokens = Math.min(RESTART_BURST, peer.restartTokens + refill);
      peer.restartRefilledAt += refill * RESTART_REFILL_MS;
    }
    if (peer.restartTokens === 0) return false;
    peer.restartTokens -= 1;
    return true;
  }

  /** `rotate: false` when the caller runs `rotateForNewRecipient` itself, in its own step. */
  private markVerified(peer: Peer, rotate = true): void {
    if (peer.verified || !peer.channel || !peer.session) return;
    peer.verified = true;
    peer.responsive = true;
    peer.nextBeatAt = this.clock.now();
    this.emit(KeyExchangeEvent.MemberVerified, peer.identity, peer.session.displayName);
    this.updateSecurityCode();
    // Keys go only to members that proved, for our current session, that they hold the secret and are live.
    if (rotate) void this.run(() => this.rotateForNewRecipient(peer));
    void this.run(() => this.unpark(peer));
  }

  /** Keeps what a departing member had not acknowledged, in case its session comes back (a reconnect). */
  private park(peer: Peer): void {
    const bodies = (peer.channel?.pendingBodies() ?? []).filter((body): body is ChatBody => body.t === 'chat');
    if (bodies.length === 0) return;
    const existing = this.parked.get(peer.identity);
    if (existing) this.clock.clearTimeout(existing.timer);
    const timer = this.clock.setTimeout(() => {
      const parked = this.parked.get(peer.identity);
      if (!parked || parked.timer !== timer) return;
      this.parked.delete(peer.identity);
      for (const body of parked.bodies) this.emit(KeyExchangeEvent.MessageUndelivered, body.id, peer.identity);
    }, PARKED_MS);
    this.parked.set(peer.identity, { nonce: peer.session?.nonce ?? null, bodies: [...(existing?.bodies ?? []), ...bodies], timer });
  }

  /** The same session is back and verified: what it missed goes now, in order (it drops anything it already had). */
  private async unpark(peer: Peer): Promise<void> {
    const parked = this.parked.get(peer.identity);
    if (!parked || !peer.session || (parked.nonce && !bytesEqual(parked.nonce, peer.session.nonce))) return;
    this.parked.delete(peer.identity);
    this.clock.clearTimeout(parked.timer);
    for (const body of parked.bodies) await this.queueBody(peer, body);
  }

  private async receivePair(peer: Peer, bytes: Uint8Array): Promise<void> {
    const channel = peer.channel;
    if (!channel) return;
    const address = { room: this.keys.room, from: peer.identity, to: this.local.identity };
    const plaintext = await openEnvelope(EnvelopeKind.Pair, channel.keys.receive, address, bytes);
    const message = plaintext && parseJson(PairMessageSchema, fromUtf8(plaintext));
    if (!message || !channel.plausible(message)) return;
    // Its keys are bound to our current session and channel: only that live member can have sent it.
    const verifiesNow = !peer.verified;
    if (verifiesNow) this.markVerified(peer, false);
    this.acknowledge(peer, channel, message);
    const bodies = channel.receive(message);
    for (const body of bodies) {
      if (this.peers.get(peer.identity) !== peer || peer.channel !== channel) return;
      await this.handleBody(peer, body);
    }
    if ((bodies.length === 0 && !verifiesNow) || this.peers.get(peer.identity) !== peer || peer.channel !== channel) return;
    // The acknowledgement lets the sender switch to the new key: only once we can decrypt with it.
    if (bodies.some((body) => body.t !== 'chat')) await this.keysInstalled();
    const built = channel.messagesBuilt;
    // A member verified by this message gets our key now, and that message carries the acknowledgement too.
    if (verifiesNow && peer.verified) await this.rotateForNewRecipient(peer);
    if (channel.messagesBuilt === built && bodies.length > 0 && peer.channel === channel) await this.transmit(peer, 0, undefined, false);
  }

  private acknowledge(peer: Peer, channel: PairChannel, message: PairMessage): void {
    const now = this.clock.now();
    const delivered = channel.acknowledge(message);
    if (delivered.length > 0) {
      channel.progressed(now);
      if (channel.stallReported) this.emit(KeyExchangeEvent.DeliveryRecovered, peer.identity);
      channel.stallReported = false;
      for (const body of delivered) if (body.t === 'chat') this.emit(KeyExchangeEvent.MessageDelivered, body.id, peer.identity);
    }
    if (peer.verified && !peer.responsive && now - channel.heardAt <= this.livenessMs()) this.markResponsive(peer);
    const awaitedSeq = this.switching?.awaiting.get(peer.identity);
    if (awaitedSeq !== undefined && awaitedSeq <= message.ack) {
      this.switching!.awaiting.delete(peer.identity);
      void this.run(async () => this.maybeSwitch());
    }
  }

  private async handleBody(peer: Peer, body: PairBody): Promise<void> {
    switch (body.t) {
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
        if (peer.seenChatIds.has(body.id)) return;
        const message = await verifyChat(this.keys.room, peer.session!, this.local.identity, body);
        if (!message) return;
        peer.seenChatIds.add(body.id);
        if (peer.seenChatIds.size > SEEN_IDS) peer.seenChatIds.delete(peer.seenChatIds.values().next().value!);
        this.emit(KeyExchangeEvent.Message, message);
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

  /** Queues a body; keys always fit (they are bounded by rotations), other bodies only while the outbox has room. */
  private async queueBody(peer: Peer, body: PairBody): Promise<number | null> {
    const channel = peer.channel;
    if (!channel) return null;
    const seq = channel.queue(body, body.t !== 'chat');
    if (seq === null) return null;
    await this.transmit(peer, seq, body, false);
    return seq;
  }

  private async transmit(peer: Peer, seq: number, body: PairBody | undefined, heartbeat: boolean): Promise<void> {
    const channel = peer.channel;
    // Bodies stay in the outbox and go when the transport opens; acknowledgements are cumulative.
    if (!channel || !this.transportOpen) return;
    const now = this.clock.now();
    // A heartbeat that is due rides on whatever goes to a verified member, rather than following it as a packet of its own.
    const beat = heartbeat || (peer.verified && now >= peer.nextBeatAt);
    if (beat) peer.nextBeatAt = now + this.heartbeatMs();
    const message = channel.message(seq, body, beat, now);
    const address = { room: this.keys.room, from: this.local.identity, to: peer.identity };
    const bytes = await sealEnvelope(EnvelopeKind.Pair, channel.keys.send, address, utf8(JSON.stringify(message)), this.random);
    this.transport.send([peer.identity], bytes);
  }

  private scheduleLeaveRotation(): void {
    if (this.leaveRotation !== null) return;
    this.leaveRotation = this.clock.setTimeout(() => {
      this.leaveRotation = null;
      void this.run(() => this.rotate(true));
    }, this.timing.debounceMs);
  }

  /**
   * A member became a recipient; it gets a key at once (no debounce: it can receive none of our media before it
   * holds one). If our newest epoch was made after this participant appeared, it is given that key as it is: nothing
   * encrypted with it predates the member, and the others are spared a rotation (a joiner verifying the members one
   * by one would otherwise move to a new epoch per member). Otherwise a new epoch; a leave waiting in its debounce
   * window is done now instead, as a fresh key that includes the member.
   */
  private async rotateForNewRecipient(peer: Peer): Promise<void> {
    if (!this.isRecipient(peer) || this.peers.get(peer.identity) !== peer) return;
    if (this.leaveRotation !== null) {
      this.clock.clearTimeout(this.leaveRotation);
      this.leaveRotation = null;
      return this.rotate(true);
    }
    const epoch = this.targetEpoch;
    const madeAt = this.epochMadeAt.get(epoch);
    if (epoch > 0 && madeAt !== undefined && madeAt >= peer.firstSeenAt && !peer.wasExcluded && peer.ownEpochQueued !== epoch) {
      peer.ownEpochQueued = epoch;
      peer.holdsOwnKey = true;
      await this.queueBody(peer, { t: 'key', epoch, key: toBase64Url(this.ownKeys.get(epoch)!) });
      return;
    }
    return this.rotate(false);
  }

  /** Moves own media to a new epoch and sends it to the current recipients. */
  private async rotate(leave: boolean): Promise<void> {
    const recipients = [...this.peers.values()].filter((peer) => this.isRecipient(peer));
    const previousEpoch = this.targetEpoch;
    const epoch = previousEpoch + 1;
    const previous = this.ownKeys.get(previousEpoch)!;
    const key = leave ? copyBytes(this.random(MEDIA_KEY_BYTES)) : await deriveJoinKey(this.keys.room, this.local.identity, previous, epoch);
    this.ownKeys.set(epoch, key);
    this.epochMadeAt.set(epoch, this.clock.now());
    this.targetEpoch = epoch;

    // Only members that already hold one of our keys can be decrypting our media now; the switch waits for them. A
    // member getting its first key receives nothing of ours before it has a key (fail-closed subscriptions), so
    // waiting for it would only keep everyone else on the old key, and a joiner on epoch 0, which nobody can read.
    const awaiting = new Map<string, number>();
    for (const peer of recipients) {
      const canDerive = !leave && peer.ownEpochQueued === previousEpoch;
      const body: PairBody = canDerive ? { t: 'advance', epoch } : { t: 'key', epoch, key: toBase64Url(key) };
      const decryptingUs = peer.holdsOwnKey;
      peer.ownEpochQueued = epoch;
      peer.holdsOwnKey = true;
      const seq = await this.queueBody(peer, body);
      if (decryptingUs && seq !== null) awaiting.set(peer.identity, seq);
    }

    const now = this.clock.now();
    const deadline = Math.min(this.switching?.deadline ?? Infinity, now + this.timing.switchDeadlineMs);
    if (this.switching) this.clock.clearTimeout(this.switching.timer);
    const timer = this.clock.setTimeout(() => void this.run(async () => this.maybeSwitch()), Math.max(0, deadline - now));
    this.switching = { epoch, deadline, timer, awaiting };
    this.maybeSwitch();
  }

  private maybeSwitch(): void {
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
      this.epochMadeAt.delete(epoch);
    }
    this.emit(KeyExchangeEvent.OwnKeyChanged, keyIndexForEpoch(this.currentEpoch), copyBytes(this.ownKeys.get(this.currentEpoch)!), this.currentEpoch);
  }

  private markUnresponsive(peer: Peer): void {
    peer.responsive = false;
    peer.wasExcluded = true;
    this.switching?.awaiting.delete(peer.identity);
    this.emit(KeyExchangeEvent.MemberUnresponsive, peer.identity);
    if (peer.holdsOwnKey) this.scheduleLeaveRotation();
    this.updateSecurityCode();
    this.maybeSwitch();
  }

  private markResponsive(peer: Peer): void {
    peer.responsive = true;
    this.emit(KeyExchangeEvent.MemberResponsive, peer.identity);
    this.updateSecurityCode();
    // It missed whatever was rotated while it was silent: a new epoch gives it a key it cannot trace back.
    peer.ownEpochQueued = null;
    void this.run(() => this.rotateForNewRecipient(peer));
  }

  /**
   * Recomputes the code off the input queue (the slow hash must not delay key delivery), coalescing changes that
   * arrive while one computation runs; the newest membership always wins.
   */
  private updateSecurityCode(): void {
    if (this.codeRun) {
      this.codeDirty = true;
      return;
    }
    this.codeRun = (async () => {
      do {
        this.codeDirty = false;
        const members = this.codeMembers();
        const code = await computeSecurityCode(this.keys.room, members, this.codeIterations);
        if (this.codeDirty || this.closed) continue;
        const entries = await Promise.all(
          members.map(async (member) => ({
            identity: member.identity,
            displayName: member.displayName,
            fingerprint: await computeFingerprint(this.keys.room, member),
            self: member.identity === this.local.identity,
          })),
        );
        if (this.codeDirty || this.closed) continue;
        const changed = this.summary?.code !== code;
        this.summary = { code, members: entries };
        if (changed) this.emit(KeyExchangeEvent.SecurityCode, this.summary);
      } while (this.codeDirty && !this.closed);
    })()
      .catch(() => {
        if (!this.closed) this.emit(KeyExchangeEvent.ProtocolError, 'security code');
      })
      .finally(() => {
        this.codeRun = null;
      });
  }

  private codeMembers(): CodeMember[] {
    const self: CodeMember = { ...this.local };
    const peers = [...this.peers.values()].filter((peer) => peer.verified && peer.responsive && peer.session).map((peer) => peer.session!);
    return [self, ...peers];
  }

  private heartbeatMs(): number {
    return Math.max(this.timing.heartbeatMs, 20 * this.peers.size);
  }

  private livenessMs(): number {
    return Math.max(this.timing.livenessMs, 5 * this.heartbeatMs());
  }

  private armTick(): void {
    if (this.closed) return;
    this.tickTimer = this.clock.setTimeout(() => {
      void this.run(() => this.tick());
      this.armTick();
    }, Math.max(50, Math.floor(this.timing.retryMs / 2)));
  }

  private armPeriodicRotation(): void {
    if (this.closed) return;
    this.periodTimer = this.clock.setTimeout(() => {
      void this.run(() => this.rotate(false));
      this.armPeriodicRotation();
    }, this.timing.rotationPeriodMs);
  }

  /** Retransmission, hellos to members not yet verified, heartbeats and liveness; each member on its own. */
  private async tick(): Promise<void> {
    const now = this.clock.now();
    for (const peer of [...this.peers.values()]) {
      if (this.peers.get(peer.identity) !== peer) continue;
      try {
        await this.tickPeer(peer, now);
      } catch (error) {
        // One member's failure must not stop retransmission to the members after it.
        if (!(error instanceof RangeError)) throw error;
      }
    }
  }

  private async tickPeer(peer: Peer, now: number): Promise<void> {
    if (!this.transportOpen) return;
    if (!peer.verified && now - peer.lastHelloAt >= peer.helloDelay) {
      const patient = !defenceOn('resource-bounds') || now - peer.firstSeenAt < UNVERIFIED_PATIENCE_MS;
      peer.helloDelay = patient ? Math.min(this.timing.maxRetryMs, peer.helloDelay * 2) : SLOW_HELLO_MS;
      await this.sendHello(peer);
    }
    const channel = peer.channel;
    if (!channel) return;
    for (const [seq, body] of channel.dueForRetransmission(now)) await this.transmit(peer, seq, body, false);
    if (channel.pending > 0 && channel.retriesWithoutProgress >= this.timing.stallAfterRetries && !channel.stallReported) {
      channel.stallReported = true;
      this.emit(KeyExchangeEvent.DeliveryStalled, peer.identity);
    }
    if (!peer.verified) return;
    if (now >= peer.nextBeatAt) await this.transmit(peer, 0, undefined, true);
    if (peer.responsive && defenceOn('liveness') && now - channel.heardAt > this.livenessMs()) this.markUnresponsive(peer);
  }
}
