import type { AddTrackRequest, VideoQuality } from '@livekit/protocol';
import { Encryption_Type, SimulcastCodecInfo, TrackInfo, TrackType } from '@livekit/protocol';
import type { MediaStreamTrack, RTCRtpReceiver, RtpPacket } from 'werift';
import { newId } from '../ids';
import { type DownTrack, LAYER_NONE } from './down-track';
import type { RtpTap } from './hostile-hooks';
import { neededQualities } from './layer-policy';
import { isVp8KeyFrameStart } from './vp8';

const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
const LAYER_ACTIVE_MS = 1500;
const KEY_FRAME_REQUEST_INTERVAL_MS = 500;
const MIN_KEY_FRAME_REQUEST_SPACING_MS = 350;

interface LayerState {
  ssrc: number | null;
  lastPacketAt: number;
  lastKeyFrameRequestAt: number;
  /** When the last key frame began arriving: a request older than it has been answered. */
  lastKeyFrameAt: number;
  /** A request waiting until the publisher will act on it (see requestKeyFrame). */
  deferredRequest: NodeJS.Timeout | null;
  /** For loss: highest sequence number seen, and packets counted since the last takeLoss(). */
  highestSeq: number | null;
  intervalStartSeq: number | null;
  intervalReceived: number;
}

export interface PublishedTrackHooks {
  /** A subscriber came or changed its settings: the publisher may have to send more layers (dynacast). */
  demandChanged(track: PublishedTrack): void;
}

/**
 * A track a participant publishes: its TrackInfo, the simulcast layers arriving from the publisher
 * and the subscribers each layer fans out to. A layer's ssrc is learned from its packets because
 * werift's per-rid tracks do not carry one.
 */
export class PublishedTrack {
  readonly info: TrackInfo;
  readonly cid: string;
  mid: string | null = null;
  private receiver: RTCRtpReceiver | null = null;
  private readonly layers = new Map<string, LayerState>();
  private readonly attached = new WeakSet<MediaStreamTrack>();
  private readonly downTracks = new Set<DownTrack>();
  /** Hostile-server bench only: taps on the publisher's packets, and whether its own packets still reach subscribers. */
  private readonly taps = new Set<RtpTap>();
  private withheld = false;
  private keyFramesFrom: PublishedTrack | null = null;
  /** The qualities last announced to the publisher (null: never announced). */
  announcedQualities: VideoQuality[] | null = null;
  /** Recent audio levels as linear amplitude (0..1), for active-speaker detection. */
  private levelSum = 0;
  private levelCount = 0;
  bytesReceived = 0;
  private closed = false;

  constructor(
    info: TrackInfo,
    cid: string,
    private readonly hooks: PublishedTrackHooks,
  ) {
    this.info = info;
    this.cid = cid;
  }

  get kind(): 'audio' | 'video' {
    return this.info.type === TrackType.AUDIO ? 'audio' : 'video';
  }

  get hasMedia(): boolean {
    return this.receiver !== null;
  }

  /**
   * Starts reading packets from this receiver. Called after every publisher negotiation: werift
   * re-announces the same tracks then, and each one must be read once.
   */
  attach(receiver: RTCRtpReceiver): void {
    if (this.receiver !== receiver) this.receiver = receiver;
    for (const track of receiver.tracks) {
      if (this.attached.has(track)) continue;
      this.attached.add(track);
      const layer = track.rid ?? LAYER_NONE;
      track.onReceiveRtp.subscribe((packet, extensions) => this.onPacket(layer, packet, extensions));
    }
  }

  private onPacket(layer: string, packet: RtpPacket, extensions?: Record<string, unknown>): void {
    let state = this.layers.get(layer);
    if (!state) {
      state = { ssrc: null, lastPacketAt: 0, lastKeyFrameRequestAt: 0, lastKeyFrameAt: 0, deferredRequest: null, highestSeq: null, intervalStartSeq: null, intervalReceived: 0 };
      this.layers.set(layer, state);
    }
    const arriving = Date.now() - state.lastPacketAt < LAYER_ACTIVE_MS;
    state.ssrc = packet.header.ssrc;
    const seq = packet.header.sequenceNumber;
    if (state.highestSeq === null || (((seq - state.highestSeq) & 0xffff) !== 0 && ((seq - state.highestSeq) & 0xffff) < 0x8000)) {
      state.highestSeq = seq;
    }
    state.intervalStartSeq ??= (seq - 1) & 0xffff;
    state.intervalReceived++;
    state.lastPacketAt = Date.now();
    if (this.kind === 'video' && isVp8KeyFrameStart(packet.payload)) state.lastKeyFrameAt = state.lastPacketAt;
    this.bytesReceived += packet.payload.length;
    if (this.kind === 'audio') {
      const level = extensions?.[AUDIO_LEVEL_URI] as { level?: unknown } | undefined;
      if (typeof level?.level === 'number') {
        this.levelSum += Math.pow(10, -level.level / 20);
        this.levelCount++;
      }
    }
    // a layer that is new, or back after a pause (a publisher that rejoined, dynacast turning it on): subscribers
    // waiting for one pick it now, and ask for its key frame, instead of at the next one-second refresh
    if (!arriving) for (const down of this.downTracks) down.layersChanged();
    this.fanOut(layer, packet);
  }

  /** Every packet of every layer reaches the subscribers here, and only here. */
  private fanOut(layer: string, packet: RtpPacket): void {
    for (const tap of this.taps) tap(layer, packet);
    if (this.withheld) return;
    for (const down of this.downTracks) down.forward(layer, packet);
  }

  /** Hostile-server bench: watch this track's packets (recording, or splicing them into another track). */
  tap(listener: RtpTap): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /**
   * Hostile-server bench: stop (or resume) forwarding the publisher's own packets, and send key-frame requests to
   * `keyFramesFrom` instead (the track whose packets are being put in their place).
   */
  withhold(withheld: boolean, keyFramesFrom: PublishedTrack | null = null): void {
    this.withheld = withheld;
    this.keyFramesFrom = withheld ? keyFramesFrom : null;
  }

  /** Hostile-server bench: hands a packet of the server's choice to every subscriber of this track, on the layer it wants. */
  inject(packet: RtpPacket): void {
    for (const down of this.downTracks) down.forward(down.wantedLayer ?? down.layer ?? LAYER_NONE, packet, 'injected');
  }

  addDownTrack(down: DownTrack): void {
    this.downTracks.add(down);
  }

  removeDownTrack(down: DownTrack): void {
    this.downTracks.delete(down);
  }

  /** Tells the publisher side that what subscribers want of this track may have grown. */
  demandChanged(): void {
    this.hooks.demandChanged(this);
  }

  /**
   * Upstream loss since the last call, 0..1, from sequence-number gaps on every layer (late
   * retransmissions count as received); null when nothing arrived in the interval.
   */
  takeLoss(): number | null {
    let expected = 0;
    let received = 0;
    for (const state of this.layers.values()) {
      if (state.highestSeq === null || state.intervalStartSeq === null) continue;
      expected += (state.highestSeq - state.intervalStartSeq) & 0xffff;
      received += state.intervalReceived;
      state.intervalStartSeq = state.highestSeq;
      state.intervalReceived = 0;
    }
    if (expected === 0) return received > 0 ? 0 : null;
    return Math.max(0, 1 - received / expected);
  }

  /** Mean amplitude since the last call (0 when silent or not arriving). */
  takeAudioLevel(): number {
    const mean = this.levelCount === 0 ? 0 : this.levelSum / this.levelCount;
    this.levelSum = 0;
    this.levelCount = 0;
    return mean;
  }

  /**
   * Asks the publisher for a key frame on `layer` (a PLI), at most every 500 ms per layer while one is outstanding:
   * the key frame asked for will serve everyone waiting. Once it has arrived, the next request may go out at once
   * (a subscriber that starts forwarding just after a key frame needs another), but not sooner than 350 ms after the
   * previous one: libwebrtc ignores key-frame requests within 300 ms of the last it acted on, so such a request is
   * sent when it will count.
   */
  requestKeyFrame(layer: string): void {
    if (this.keyFramesFrom) return this.keyFramesFrom.requestKeyFrame(this.keyFramesFrom.activeLayers().at(-1) ?? LAYER_NONE);
    const state = this.layers.get(layer);
    if (!state?.ssrc || !this.receiver || state.deferredRequest) return;
    const now = Date.now();
    const sinceLast = now - state.lastKeyFrameRequestAt;
    const outstanding = state.lastKeyFrameRequestAt > state.lastKeyFrameAt;
    if (outstanding && sinceLast < KEY_FRAME_REQUEST_INTERVAL_MS) return;
    if (sinceLast < MIN_KEY_FRAME_REQUEST_SPACING_MS) {
      state.deferredRequest = setTimeout(() => {
        state.deferredRequest = null;
        if (!this.closed) this.requestKeyFrame(layer);
      }, MIN_KEY_FRAME_REQUEST_SPACING_MS - sinceLast);
      state.deferredRequest.unref();
      return;
    }
    state.lastKeyFrameRequestAt = now;
    this.receiver.sendRtcpPLI(state.ssrc).catch(() => {});
  }

  /** Layers that sent a packet recently (for `chooseLayer` in layer-policy). */
  activeLayers(): string[] {
    const now = Date.now();
    return [...this.layers.entries()].filter(([, s]) => now - s.lastPacketAt < LAYER_ACTIVE_MS).map(([l]) => l);
  }

  /** Dynacast: the qualities the publisher must send for this track's subscribers (see layer-policy). */
  wantedQualities(): VideoQuality[] {
    return neededQualities([...this.downTracks].filter((down) => !down.closed));
  }

  close(): void {
    this.closed = true;
    for (const state of this.layers.values()) if (state.deferredRequest) clearTimeout(state.deferredRequest);
    for (const down of this.downTracks) down.close();
    this.downTracks.clear();
  }
}

/** The TrackInfo of a track published with `request`, under a new sid (LiveKit's fields; VP8 and Opus only). */
export function trackInfoFor(request: AddTrackRequest): TrackInfo {
  const isVideo = request.type === TrackType.VIDEO;
  const mimeType = isVideo ? 'video/VP8' : 'audio/opus';
  return new TrackInfo({
    sid: newId('TR_'),
    type: request.type,
    name: request.name.slice(0, 256),
    muted: request.muted,
    width: request.width,
    height: request.height,
    simulcast: isVideo && request.layers.length > 1,
    disableDtx: request.disableDtx,
    source: request.source,
    layers: request.layers,
    mimeType,
    codecs: [new SimulcastCodecInfo({ mimeType, layers: request.layers, cid: request.cid })],
    stereo: request.stereo,
    disableRed: request.disableRed,
    encryption: request.encryption ?? Encryption_Type.NONE,
    stream: request.stream,
    audioFeatures: request.audioFeatures,
  });
}
