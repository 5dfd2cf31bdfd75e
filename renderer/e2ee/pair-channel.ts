import { defenceOn } from './defences';
import type { PairKeys } from './handshake';
import type { PairBody, PairMessage } from './messages';

/**
 * One direction-pair of a reliable, ordered channel between this device and one member, on top of a transport that
 * may drop, duplicate, reorder or replay (the server). Bodies get sequence numbers from 1; every message carries a
 * cumulative `ack`; the receiver hands bodies over strictly in order and buffers a window ahead; unacknowledged
 * bodies are retransmitted with backoff, oldest first, a bounded number per round.
 *
 * Heartbeats prove liveness without trusting the server: every message carries our heartbeat counter `hb` and the
 * highest counter we have received from the peer (`hbAck`). Messages are authenticated under the pair key, so a
 * growing `hbAck` can only come from the peer's live session, after our heartbeat with that number was sent; a
 * replayed or withheld message never acknowledges a newer one. `heardAt` is when the newest heartbeat the peer has
 * acknowledged was sent: the peer was alive at that time or later.
 */

export interface ChannelTiming {
  retryMs: number;
  maxRetryMs: number;
}

/** Out-of-order bodies held; anything further ahead is dropped and will be retransmitted. */
export const RECEIVE_WINDOW = 64;
/** Bodies waiting for acknowledgement; a peer this far behind is not keeping up, and more is refused. */
export const OUTBOX_LIMIT = 256;
/** Bodies resent per retransmission round (oldest first): the receiver needs them in order anyway. */
export const RETRANSMIT_BATCH = 16;
/** Heartbeat send times remembered to match acknowledgements. */
const BEATS_REMEMBERED = 64;

export class PairChannel {
  private nextSeq = 1;
  private readonly outbox = new Map<number, PairBody>();
  private expected = 1;
  private readonly inbox = new Map<number, PairBody>();
  private beat = 0;
  private readonly beatsSent = new Map<number, number>();
  private theirBeat = 0;
  private ackedBeat = 0;
  /** When the newest heartbeat the peer acknowledged was sent; the channel's start until one is. */
  heardAt: number;
  retryAt: number;
  private retryDelay: number;
  retriesWithoutProgress = 0;
  stallReported = false;
  /** Messages built for sending on this channel so far (bodies, acknowledgements, heartbeats). */
  messagesBuilt = 0;

  constructor(
    readonly keys: PairKeys,
    readonly theirGen: number,
    private readonly timing: ChannelTiming,
    now: number,
    /** The latest time the peer is known to have been alive when the channel starts. */
    aliveSince: number,
  ) {
    this.heardAt = aliveSince;
    this.retryDelay = timing.retryMs;
    this.retryAt = now + timing.retryMs;
  }

  get pending(): number {
    return this.outbox.size;
  }

  /** False when the peer is this far behind: optional bodies (chat) are refused for it. */
  hasRoom(): boolean {
    return this.outbox.size < OUTBOX_LIMIT || !defenceOn('resource-bounds');
  }

  /** Sequence number for a new body, or null when the outbox is full. Key messages are `essential`: bounded by rotations, never refused. */
  queue(body: PairBody, essential: boolean): number | null {
    if (!essential && !this.hasRoom()) return null;
    const seq = this.nextSeq++;
    this.outbox.set(seq, body);
    return seq;
  }

  /** The message to send for a body (seq > 0) or for an acknowledgement / heartbeat (seq 0). */
  message(seq: number, body: PairBody | undefined, heartbeat: boolean, now: number): PairMessage {
    this.messagesBuilt += 1;
    if (heartbeat) {
      this.beat += 1;
      this.beatsSent.set(this.beat, now);
      if (this.beatsSent.size > BEATS_REMEMBERED) this.beatsSent.delete(this.beat - BEATS_REMEMBERED);
    }
    const fields = { ack: this.expected - 1, hb: this.beat, hbAck: this.theirBeat };
    return body === undefined ? { seq: 0, ...fields } : { seq, ...fields, body };
  }

  /** False when the message acknowledges something never sent: it cannot be genuine and is dropped whole. */
  plausible(message: PairMessage): boolean {
    return message.ack < this.nextSeq && message.hbAck <= this.beat;
  }

  /** Applies the message's acknowledgements; returns the bodies it acknowledged for the first time. */
  acknowledge(message: PairMessage): PairBody[] {
    if (message.hb > this.theirBeat) this.theirBeat = message.hb;
    if (message.hbAck > this.ackedBeat) {
      this.ackedBeat = message.hbAck;
      const sentAt = this.beatsSent.get(message.hbAck);
      if (sentAt !== undefined && sentAt > this.heardAt) this.heardAt = sentAt;
    }
    const delivered: PairBody[] = [];
    for (const [seq, body] of [...this.outbox]) {
      if (seq > message.ack) break;
      this.outbox.delete(seq);
      delivered.push(body);
    }
    return delivered;
  }

  /** Bodies waiting for acknowledgement with their sequence numbers, oldest first (a bounded batch). */
  pendingEntries(): [number, PairBody][] {
    const entries = [...this.outbox.entries()];
    return defenceOn('resource-bounds') ? entries.slice(0, RETRANSMIT_BATCH) : entries;
  }

  /** True once a body from the peer was received: an acknowledgement may be owed. */
  hasReceived(): boolean {
    return this.expected > 1;
  }

  /** What is still waiting for the peer's acknowledgement, oldest first. */
  pendingBodies(): PairBody[] {
    return [...this.outbox.values()];
  }

  /** Bodies that can be handled now, in order. */
  receive(message: PairMessage): PairBody[] {
    if (message.seq === 0 || !message.body) return [];
    if (message.seq >= this.expected && message.seq < this.expected + RECEIVE_WINDOW) this.inbox.set(message.seq, message.body);
    const ready: PairBody[] = [];
    for (let body = this.inbox.get(this.expected); body !== undefined; body = this.inbox.get(this.expected)) {
      this.inbox.delete(this.expected);
      this.expected += 1;
      ready.push(body);
    }
    return ready;
  }

  /** Acknowledged progress resets the backoff. */
  progressed(now: number): void {
    this.retriesWithoutProgress = 0;
    this.retryDelay = this.timing.retryMs;
    this.retryAt = now + this.retryDelay;
  }

  /** When a retransmission is due: the oldest unacknowledged bodies, and the backoff moves on. */
  dueForRetransmission(now: number): [number, PairBody][] {
    if (this.outbox.size === 0 || now < this.retryAt) return [];
    this.retriesWithoutProgress += 1;
    this.retryDelay = Math.min(this.timing.maxRetryMs, this.retryDelay * 2);
    this.retryAt = now + this.retryDelay;
    const entries = [...this.outbox.entries()];
    return defenceOn('resource-bounds') ? entries.slice(0, RETRANSMIT_BATCH) : entries;
  }
}
