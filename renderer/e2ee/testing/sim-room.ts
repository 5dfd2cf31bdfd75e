/**
 * A room on a simulated server for the key-exchange tests (no Vitest import: plain TypeScript). In `auto` mode the
 * server delivers every packet at once, in order; otherwise the test decides (deliver any queued packet, drop it,
 * duplicate it). The server can also lie: hide a leave, re-announce a member, forward copies of everything to
 * sessions that left, and inject packets from a test-side link holder.
 */
import { encodeBase64Url } from '../../../shared/base64url';
import { bytesEqual, toBase64Url } from '../bytes';
import type { ChatMessage } from '../chat';
import { KeyExchange, KeyExchangeEvent, type Clock, type KeyExchangeTiming, type SecuritySummary, type ViolationKind } from '../key-exchange';
import { deriveJoinKey, keyIndexForEpoch } from '../media-keys';
import { RoomKeys } from '../room-keys';

export const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
export const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/** Timers that run only when the test advances time. */
export class FakeClock implements Clock {
  time = 1_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** The earliest due timer at or before `until`, removed from the queue. */
  takeDue(until: number): (() => void) | null {
    let best: [number, { at: number; callback: () => void }] | null = null;
    for (const entry of this.timers) if (entry[1].at <= until && (!best || entry[1].at < best[1].at)) best = entry;
    if (!best) return null;
    this.timers.delete(best[0]);
    this.time = Math.max(this.time, best[1].at);
    return best[1].callback;
  }
}

export interface Packet {
  from: string;
  to: string;
  bytes: Uint8Array;
}

/** One client session (a KeyExchange) and everything it reported. */
export interface Session {
  identity: string;
  kx: KeyExchange;
  /** Still running a client in the room (false after it left, whether or not the server said so). */
  present: boolean;
  joinedAt: number;
  leftAt: number | null;
  /** The server hid this session's leave from everyone: it stayed a ghost until members noticed its silence. */
  leftHidden: boolean;
  own: { epoch: number; key: Uint8Array; at: number }[];
  /** Every key this session ever received, per sender identity (what it knows). */
  received: Map<string, Map<number, Uint8Array>>;
  /** Keys from each sender while it is verified (reset when the sender is unverified). */
  current: Map<string, Map<number, Uint8Array>>;
  verified: Map<string, string>;
  unresponsive: Set<string>;
  summary: SecuritySummary | null;
  messages: ChatMessage[];
  stalled: string[];
  recovered: string[];
  violations: [string, ViolationKind][];
  errors: string[];
  /** Packets sent but not yet handed to the server; moved in session order so runs are reproducible. */
  outbox: Packet[];
}

export interface JoinOptions {
  roomKeys?: RoomKeys;
  displayName?: string;
  /** Who the server tells about this join (default: everyone present). */
  announceTo?: (other: Session) => boolean;
  /** The member's data channel opens when this resolves (default: open from the start). */
  transportReady?: Promise<unknown>;
}

export class SimRoom {
  readonly clock = new FakeClock();
  readonly sessions: Session[] = [];
  queue: Packet[] = [];
  readonly sent: Packet[] = [];

  /** Packets the server silently drops (checked on delivery). */
  dropIf: (packet: Packet) => boolean = () => false;

  constructor(
    readonly roomKeys: RoomKeys,
    public auto = true,
    readonly timing: Partial<KeyExchangeTiming> = {},
  ) {}

  static async create(auto = true, timing: Partial<KeyExchangeTiming> = {}): Promise<SimRoom> {
    return new SimRoom(await RoomKeys.derive(ROOM, encodeBase64Url(randomBytes(32))), auto, timing);
  }

  present(): Session[] {
    return this.sessions.filter((session) => session.present);
  }

  get(identity: string): Session {
    const session = this.sessions.find((s) => s.present && s.identity === identity);
    if (!session) throw new Error(`${identity} is not in the room`);
    return session;
  }

  async join(identity: string, options: JoinOptions = {}): Promise<Session> {
    await this.advance(1);
    const session: Session = {
      identity,
      kx: null as unknown as KeyExchange,
      present: true,
      joinedAt: this.clock.now(),
      leftAt: null,
      leftHidden: false,
      own: [],
      received: new Map(),
      current: new Map(),
      verified: new Map(),
      unresponsive: new Set(),
      summary: null,
      messages: [],
      stalled: [],
      recovered: [],
      violations: [],
      errors: [],
      outbox: [],
    };
    const kx = await KeyExchange.create({
      roomKeys: options.roomKeys ?? this.roomKeys,
      identity,
      displayName: options.displayName ?? `Name ${identity}`,
      clock: this.clock,
      randomBytes,
      timing: this.timing,
      // The slow hash is exercised in security-code.test.ts; thousands of codes here need a fast one.
      securityCodeIterations: 1,
      ...(options.transportReady ? { transportReady: options.transportReady } : {}),
      transport: {
        send: (to, bytes) => {
          // A session that left has closed its client; only its ability to receive is simulated further.
          if (!session.present) return;
          for (const recipient of to) session.outbox.push({ from: identity, to: recipient, bytes: bytes.slice() });
        },
      },
    });
    session.kx = kx;
    kx.on(KeyExchangeEvent.OwnKeyChanged, (index, key, epoch) => {
      if (index !== keyIndexForEpoch(epoch)) session.errors.push('own key index');
      session.own.push({ epoch, key: key.slice(), at: this.clock.now() });
    });
    kx.on(KeyExchangeEvent.KeyForSender, (sender, index, key, epoch) => {
      if (index !== keyIndexForEpoch(epoch)) session.errors.push('key index');
      for (const record of [session.received, session.current]) {
        const keys = record.get(sender) ?? new Map<number, Uint8Array>();
        keys.set(epoch, key.slice());
        record.set(sender, keys);
      }
    });
    kx.on(KeyExchangeEvent.MemberVerified, (peer, name) => session.verified.set(peer, name));
    kx.on(KeyExchangeEvent.MemberUnverified, (peer) => {
      session.verified.delete(peer);
      session.unresponsive.delete(peer);
      session.current.delete(peer);
    });
    kx.on(KeyExchangeEvent.MemberUnresponsive, (peer) => session.unresponsive.add(peer));
    kx.on(KeyExchangeEvent.MemberResponsive, (peer) => session.unresponsive.delete(peer));
    kx.on(KeyExchangeEvent.SecurityCode, (summary) => (session.summary = summary));
    kx.on(KeyExchangeEvent.Message, (message) => session.messages.push(message));
    kx.on(KeyExchangeEvent.DeliveryStalled, (peer) => session.stalled.push(peer));
    kx.on(KeyExchangeEvent.DeliveryRecovered, (peer) => session.recovered.push(peer));
    kx.on(KeyExchangeEvent.ProtocolViolation, (peer, kind) => session.violations.push([peer, kind]));
    kx.on(KeyExchangeEvent.ProtocolError, (reason) => session.errors.push(reason));
    await kx.start();
    for (const other of this.present()) {
      if (options.announceTo && !options.announceTo(other)) continue;
      other.kx.onParticipantJoined(identity);
      kx.onParticipantJoined(other.identity);
    }
    this.sessions.push(session);
    await this.settle();
    return session;
  }

  /** The member's client goes away; the server reports it (or, with `hidden`, tells nobody: a ghost). */
  async leave(identity: string, options: { hidden?: boolean } = {}): Promise<Session> {
    const session = this.get(identity);
    session.present = false;
    session.leftAt = this.clock.now();
    session.leftHidden = options.hidden ?? false;
    if (!options.hidden) for (const other of this.present()) other.kx.onParticipantLeft(identity);
    await this.settle();
    return session;
  }

  /** The server tells everyone else that `identity` left and came back, while its client carries on unaware. */
  async glitch(identity: string): Promise<void> {
    const session = this.get(identity);
    for (const other of this.present()) {
      if (other === session) continue;
      other.kx.onParticipantLeft(identity);
      other.kx.onParticipantJoined(identity);
    }
    await this.settle();
  }

  /** Hands a packet to its recipient (if still in the room) and to every session that left. */
  deliver(packet: Packet): void {
    if (this.dropIf(packet)) return;
    for (const session of this.sessions) {
      if (session.identity === packet.to && session.present) session.kx.onData(packet.from, packet.bytes);
      else if (!session.present && session.identity !== packet.from) session.kx.onData(packet.from, packet.bytes);
    }
  }

  /** What the server would do for a forged packet: deliver it to `to` as coming from `from`. */
  inject(from: string, to: string, bytes: Uint8Array): void {
    this.sent.push({ from, to, bytes });
    this.get(to).kx.onData(from, bytes);
  }

  /** Runs every session until nothing new is sent (in auto mode, delivering as it goes). */
  async settle(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      await Promise.all(this.sessions.map((session) => session.kx.idle()));
      let moved = 0;
      for (const session of this.sessions) {
        moved += session.outbox.length;
        this.queue.push(...session.outbox);
        this.sent.push(...session.outbox);
        session.outbox = [];
      }
      if (this.auto && this.queue.length > 0) {
        const packets = this.queue;
        this.queue = [];
        for (const packet of packets) this.deliver(packet);
        continue;
      }
      if (moved === 0) return;
    }
    throw new Error('the simulation did not settle');
  }

  async advance(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    for (let callback = this.clock.takeDue(until); callback; callback = this.clock.takeDue(until)) {
      callback();
      await this.settle();
    }
    this.clock.time = until;
    await this.settle();
  }

  /** Delivers everything and lets time pass until nothing is left to send and everyone agrees. */
  async heal(): Promise<void> {
    for (let step = 0; step < 200; step++) {
      const packets = this.queue;
      this.queue = [];
      for (const packet of packets) this.deliver(packet);
      await this.settle();
      await this.advance(200);
      if (step > 40 && this.queue.length === 0 && this.converged()) return;
    }
  }

  /** Everyone present verified everyone present, codes agree, and each holds every sender's newest key. */
  converged(): boolean {
    const present = this.present();
    if (new Set(present.map((session) => session.summary?.code)).size > 1) return false;
    return present.every((session) => {
      const current = session.own.at(-1);
      return present.every((other) => {
        if (other === session) return true;
        const theirs = latestReceived(other, session.identity);
        return other.verified.has(session.identity) && current !== undefined && theirs?.epoch === current.epoch;
      });
    });
  }
}

export function latestOwn(session: Session): { epoch: number; key: Uint8Array; at: number } {
  return session.own.at(-1)!;
}

export function latestReceived(session: Session, sender: string): { epoch: number; key: Uint8Array } | null {
  const keys = session.current.get(sender);
  if (!keys || keys.size === 0) return null;
  const epoch = Math.max(...keys.keys());
  return { epoch, key: keys.get(epoch)! };
}

/** Every key a session holds, plus every key it could derive from them with the join label. */
export async function knowledgeOf(session: Session, room: string, steps = 6): Promise<Set<string>> {
  const known = new Set<string>();
  for (const [sender, keys] of session.received) {
    for (const [epoch, key] of keys) {
      let current = key;
      known.add(toBase64Url(current));
      for (let next = epoch + 1; next <= epoch + steps; next++) {
        current = await deriveJoinKey(room, sender, current, next);
        known.add(toBase64Url(current));
      }
    }
  }
  return known;
}

/**
 * What keeps the members present from agreeing, in words (empty when they converged): one code for all, no errors,
 * everyone verified under the name it joined with, and each holding every sender's current key.
 */
export function convergenceProblems(sim: SimRoom): string[] {
  const problems: string[] = [];
  const present = sim.present();
  const codes = new Set(present.map((session) => session.summary?.code));
  if (codes.size !== 1) problems.push(`${codes.size} different codes`);
  for (const session of present) {
    if (session.errors.length > 0) problems.push(`${session.identity} reported ${session.errors.join(', ')}`);
    for (const other of present) {
      if (other === session) continue;
      if (session.verified.get(other.identity) !== `Name ${other.identity}`) problems.push(`${session.identity} has not verified ${other.identity}`);
      const received = latestReceived(session, other.identity);
      const own = latestOwn(other);
      if (received?.epoch !== own.epoch || !bytesEqual(received.key, own.key)) problems.push(`${session.identity} lacks ${other.identity}'s epoch ${own.epoch}`);
    }
  }
  return problems;
}
