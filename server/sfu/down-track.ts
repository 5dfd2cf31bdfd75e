import { VideoQuality } from '@livekit/protocol';
import { RtpHeader, RtpPacket, type RTCRtpSender, type RTCRtpTransceiver } from 'werift';
import { isVp8KeyFrameStart, Vp8Renumbering } from './vp8';

/**
 * One published track as one subscriber receives it: a sendonly transceiver on the subscriber's peer
 * connection, the simulcast layer chosen for it, and continuous sequence numbers and timestamps
 * across layer switches. Every packet sent is a fresh copy without the publisher's header
 * extensions: werift rewrites packets in place and appends extensions it does not know.
 */
export const LAYER_NONE = '';

export interface DownTrackHooks {
  /** Ask the publisher for a key frame on this layer (rate-limited by the caller). */
  requestKeyFrame(layer: string): void;
  /** A layer of the track started (or started again) arriving: pick one now rather than at the next refresh. */
  layersChanged(): void;
}

export class DownTrack {
  readonly kind: 'audio' | 'video';
  readonly transceiver: RTCRtpTransceiver;
  private readonly sender: RTCRtpSender;
  private current: string | null = null;
  private origin = '';
  private target: string | null = null;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastInSeq = -1;
  private lastOutSeq = Math.floor(Math.random() * 0xffff);
  private lastOutTs = Math.floor(Math.random() * 0xffffffff);
  private lastSentAt = 0;
  /** Picture IDs and TL0PICIDX continuous across layer switches, like the sequence numbers. */
  private readonly vp8 = new Vp8Renumbering();
  /** Set from the subscriber's UpdateTrackSettings: `disabled`, and the quality its view needs. */
  paused = false;
  quality: VideoQuality = VideoQuality.HIGH;
  closed = false;
  /** Set once the subscriber has answered an offer carrying this track; nothing is forwarded before. */
  private bound = false;
  bytesSent = 0;

  private readonly stopListening: () => void;

  /** `previous`: the down track that used this transceiver before, so numbering continues. */
  constructor(
    kind: 'audio' | 'video',
    transceiver: RTCRtpTransceiver,
    private readonly hooks: DownTrackHooks,
    previous?: DownTrack,
  ) {
    this.kind = kind;
    this.transceiver = transceiver;
    this.sender = transceiver.sender;
    if (previous) {
      this.lastOutSeq = previous.lastOutSeq;
      this.lastOutTs = previous.lastOutTs;
      this.lastSentAt = previous.lastSentAt;
      this.vp8.continueFrom(previous.vp8);
    }
    const { unSubscribe } = this.sender.onPictureLossIndication.subscribe(() => {
      if (this.current !== null) this.hooks.requestKeyFrame(this.current);
    });
    this.stopListening = unSubscribe;
  }

  get layer(): string | null {
    return this.current;
  }

  /** Forwarding, or about to, and waiting for a key frame of the layer it wants (nothing to wait for before `bind()`). */
  get waitingForKeyFrame(): boolean {
    return this.bound && this.target !== null && this.target !== this.current;
  }

  get wantedLayer(): string | null {
    return this.target;
  }

  /**
   * Switch to `layer` at its next key frame (audio and single-layer video switch at once). Before the subscriber
   * knows the track there is no point asking: `bind()` does.
   */
  selectLayer(layer: string): void {
    if (this.target === layer) return;
    this.target = layer;
    if (this.kind === 'video' && this.bound) this.hooks.requestKeyFrame(layer);
  }

  /**
   * The subscriber's connection (re)connected: what was forwarded before went nowhere, key frame included, so video
   * starts again from the next key frame, asked for now.
   */
  restartFromKeyFrame(): void {
    if (this.kind !== 'video' || !this.bound || this.closed || this.target === null) return;
    this.current = null;
    this.hooks.requestKeyFrame(this.target);
  }

  layersChanged(): void {
    if (!this.closed) this.hooks.layersChanged();
  }

  /** The subscriber knows this track now: start forwarding (video from the next key frame, asked for here). */
  bind(): void {
    if (this.bound || this.closed) return;
    this.bound = true;
    if (this.kind === 'video' && this.target !== null && this.target !== this.current) this.hooks.requestKeyFrame(this.target);
  }

  /**
   * `origin` names where the packet comes from: '' for the publisher; the hostile-server bench injects packets from
   * elsewhere, and a change of origin renumbers like a layer switch (from a key frame, for video).
   */
  forward(layer: string, packet: RtpPacket, origin = ''): void {
    if (this.closed || this.paused || !this.bound) return;
    if (layer !== this.current || origin !== this.origin) {
      if (layer !== this.target && origin === this.origin) return;
      if (this.kind === 'video' && !isVp8KeyFrameStart(packet.payload)) return;
      this.switchTo(layer, packet);
      this.origin = origin;
    }
    const header = packet.header;
    if (packet.payload.length === 0) {
      // padding-only probe: not forwarded, and the gap it would leave is closed
      if (header.sequenceNumber === ((this.lastInSeq + 1) & 0xffff)) {
        this.lastInSeq = header.sequenceNumber;
        this.seqOffset = (this.seqOffset - 1) & 0xffff;
      }
      return;
    }
    const sequenceNumber = (header.sequenceNumber + this.seqOffset) & 0xffff;
    const timestamp = (header.timestamp + this.tsOffset) >>> 0;
    if (seqNewer(header.sequenceNumber, this.lastInSeq)) this.lastInSeq = header.sequenceNumber;
    if (seqNewer(sequenceNumber, this.lastOutSeq)) {
      this.lastOutSeq = sequenceNumber;
      this.lastOutTs = timestamp;
      this.lastSentAt = Date.now();
    }
    const copy = new RtpPacket(
      new RtpHeader({
        marker: header.marker,
        payloadType: header.payloadType,
        sequenceNumber,
        timestamp,
        ssrc: header.ssrc,
        extensions: [],
      }),
      this.kind === 'video' ? this.vp8.rewrite(packet.payload) : packet.payload,
    );
    this.bytesSent += packet.payload.length;
    this.sender.sendRtp(copy).catch(() => {});
  }

  private switchTo(layer: string, packet: RtpPacket): void {
    const clock = this.kind === 'audio' ? 48 : 90;
    const elapsed = this.lastSentAt === 0 ? 33 : Math.max(1, Date.now() - this.lastSentAt);
    this.seqOffset = (this.lastOutSeq + 1 - packet.header.sequenceNumber) & 0xffff;
    this.tsOffset = (this.lastOutTs + elapsed * clock - packet.header.timestamp) >>> 0;
    this.lastInSeq = (packet.header.sequenceNumber - 1) & 0xffff;
    if (this.kind === 'video') this.vp8.restart(packet.payload);
    this.current = layer;
  }

  close(): void {
    this.closed = true;
    this.stopListening();
  }
}

/** RFC 1982 serial-number comparison for 16-bit sequence numbers. */
function seqNewer(a: number, b: number): boolean {
  if (b < 0) return true;
  const diff = (a - b) & 0xffff;
  return diff !== 0 && diff < 0x8000;
}
