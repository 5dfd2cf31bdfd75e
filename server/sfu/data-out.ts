import type { RTCDataChannel } from 'werift';
import { describe } from '../describe';
import type { Logger } from '../log';
import { unacknowledgedOf } from './werift-internals';

/**
 * Reliable packets kept for a client whose data channel is not open yet (it is still connecting, or on `/rtc/v1` the
 * client has not opened it): at most this many, and at most `MAX_QUEUED_BYTES`, sent in order once it opens. A join
 * hears its room's first E2EE messages in that window; more than this before the channel opens means the client is
 * not connecting, and later packets are dropped (logged once) rather than held without bound.
 */
export const MAX_QUEUED_PACKETS = 128;
export const MAX_QUEUED_BYTES = 256 * 1024;
/** At most this many packets are sent again on a hand-over (a join's handshake leaves a handful unacknowledged). */
const MAX_RESENT_PACKETS = 32;

type Channels = { reliable: RTCDataChannel | null; lossy: RTCDataChannel | null };

/**
 * A participant's way out for data packets: its `_reliable` and `_lossy` channels (the server's own on the legacy
 * path, the client's on `/rtc/v1`). Lossy packets for a channel that is not open are dropped, as lossy packets may be;
 * reliable ones wait in a bounded queue until it opens.
 *
 * On the legacy path the client's own channels (on its publisher connection) take over from the server's once they
 * are open. On the server's channels (werift opened them, on the subscriber connection) a packet sent in the first
 * moments after the channel opened often reached the page 0.2-1 s late, with the packets behind it: in an E2EE join
 * each step of the handshake then waited for a retransmission (`npm run bench -- join`: ×2.1 / ×2.8 of an
 * unencrypted join, ×1.1–1.3 with this hand-over). livekit-client reads data from both.
 */
export class DataOut {
  private readonly channels: Channels = { reliable: null, lossy: null };
  private readonly preferred: Channels = { reliable: null, lossy: null };
  private readonly replaced: Channels = { reliable: null, lossy: null };
  /** The last reliable packets sent on the server's own channel, until the client's takes over. */
  private recent: Buffer[] = [];
  private handedOver = false;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private overflowLogged = false;
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** The channel to send `reliable` (or lossy) packets on from now on; queued packets follow it once it is open. */
  use(channel: RTCDataChannel, reliable: boolean): void {
    if (reliable) {
      this.channels.reliable = channel;
      if (channel.readyState === 'open') this.flush();
      else channel.stateChanged.subscribe((state) => {
        if (state === 'open' && this.channels.reliable === channel) this.flush();
      });
    } else {
      this.channels.lossy = channel;
    }
  }

  /** A channel that takes over from the current one as soon as it is open. */
  prefer(channel: RTCDataChannel, reliable: boolean): void {
    const key = reliable ? 'reliable' : 'lossy';
    this.preferred[key] = channel;
    channel.stateChanged.subscribe((state) => {
      if (state === 'open' && this.preferred[key] === channel) this.takeOver(reliable);
    });
    this.takeOver(reliable);
  }

  private takeOver(reliable: boolean): void {
    const key = reliable ? 'reliable' : 'lossy';
    const current = this.channels[key];
    const next = this.preferred[key];
    if (next !== null && next.readyState === 'open') {
      this.preferred[key] = null;
      this.replaced[key] = current;
      // What the old channel has not had acknowledged goes again on the new one, in order, ahead of anything newer:
      // livekit-client drops the copy that arrives second (a sender's packet is dropped once a later or the same
      // sequence number of that sender has arrived), so nothing is lost to a packet overtaking it, nor shown twice.
      const unacknowledged = reliable && current !== null && current.readyState === 'open' ? unacknowledgedOf(current) : 0;
      const resend = unacknowledged > 0 ? this.recent.slice(-unacknowledged) : [];
      if (reliable) {
        this.recent = [];
        this.handedOver = true;
      }
      this.use(next, reliable);
      for (const packet of resend) this.write(next, packet);
      return;
    }
    // The client's channel closed (its publisher connection failed) while the server's own still works: back to it.
    const previous = this.replaced[key];
    if (current !== null && (current.readyState === 'closing' || current.readyState === 'closed') && previous?.readyState === 'open') {
      this.replaced[key] = null;
      this.use(previous, reliable);
    }
  }

  send(bytes: Uint8Array, reliable: boolean): void {
    if (this.closed) return;
    this.takeOver(reliable);
    const channel = reliable ? this.channels.reliable : this.channels.lossy;
    const open = channel !== null && channel.readyState === 'open';
    if (reliable && (!open || this.queue.length > 0)) {
      this.enqueue(Buffer.from(bytes));
      if (open) this.flush();
      return;
    }
    if (open) this.write(channel, Buffer.from(bytes));
  }

  /** Reliable packets waiting for the channel to open. */
  get queued(): number {
    return this.queue.length;
  }

  private enqueue(packet: Buffer): void {
    if (this.queue.length >= MAX_QUEUED_PACKETS || this.queuedBytes + packet.length > MAX_QUEUED_BYTES) {
      if (!this.overflowLogged) {
        this.log('warn', 'data channel not open: queue full, dropping reliable packets', { maxPackets: MAX_QUEUED_PACKETS, maxBytes: MAX_QUEUED_BYTES });
      }
      this.overflowLogged = true;
      return;
    }
    this.queue.push(packet);
    this.queuedBytes += packet.length;
  }

  private flush(): void {
    const channel = this.channels.reliable;
    if (this.closed || channel === null || channel.readyState !== 'open') return;
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const packet of queued) this.write(channel, packet);
  }

  private write(channel: RTCDataChannel, packet: Buffer): void {
    if (!this.handedOver && channel === this.channels.reliable) {
      // Kept until the hand-over, to send again what it finds unacknowledged.
      this.recent.push(packet);
      if (this.recent.length > MAX_RESENT_PACKETS) this.recent.shift();
    }
    try {
      channel.send(packet);
    } catch (error) {
      this.log('warn', 'data send failed', { error: describe(error) });
    }
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
  }
}
