import type { RTCDataChannel } from 'werift';
import { describe } from '../describe';
import type { Logger } from '../log';

/**
 * Reliable packets kept for a client whose data channel is not open yet (it is still connecting, or on `/rtc/v1` the
 * client has not opened it): at most this many, and at most `MAX_QUEUED_BYTES`, sent in order once it opens. A join
 * hears its room's first E2EE messages in that window; more than this before the channel opens means the client is
 * not connecting, and later packets are dropped (logged once) rather than held without bound.
 */
export const MAX_QUEUED_PACKETS = 128;
export const MAX_QUEUED_BYTES = 256 * 1024;

type Channels = { reliable: RTCDataChannel | null; lossy: RTCDataChannel | null };

/**
 * A participant's way out for data packets: its `_reliable` and `_lossy` channels (the server's own on the legacy
 * path, the client's on `/rtc/v1`). Lossy packets for a channel that is not open are dropped, as lossy packets may be;
 * reliable ones wait in a bounded queue until it opens.
 */
export class DataOut {
  private readonly channels: Channels = { reliable: null, lossy: null };
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

  send(bytes: Uint8Array, reliable: boolean): void {
    if (this.closed) return;
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
