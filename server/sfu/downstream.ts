import type { SessionDescription, UpdateTrackSettings, VideoQuality } from '@livekit/protocol';
import { MediaStream, type RTCDataChannel, type RTCRtpTransceiver } from 'werift';
import { DataOut } from './data-out';
import { DownTrack } from './down-track';
import { chooseLayer, requestedQuality } from './layer-policy';
import type { ParticipantContext } from './peer-config';
import type { PublishedTrack } from './published-track';
import type { Signal } from './signalling-session';
import { UntilAnswered } from './until-answered';
import { setSenderTrackId } from './werift-internals';

export interface DownstreamHooks {
  signal: Signal;
  connected(): void;
  failed(): void;
  /** Any participant's published track, for settings sent before subscribing. */
  findTrack(trackSid: string): PublishedTrack | undefined;
}

export interface Subscription {
  track: PublishedTrack;
  down: DownTrack;
}

interface TrackSettings {
  disabled: boolean;
  quality: VideoQuality;
}

/**
 * What a client receives, whichever connection carries it: one sendonly section per subscribed track, each fed by a
 * DownTrack with its simulcast layer picked here, and data packets out (`DataOut`). The two signalling paths differ
 * only in where sections come from and who offers: `SubscriberPeer` (legacy `/rtc`, a connection of its own, the
 * server offers) and `SinglePeerDownstream` (`/rtc/v1`, the client's one connection, the client offers).
 */
export abstract class Downstream {
  protected readonly subscriptions = new Map<string, Subscription>();
  /** Settings the client sent per track sid, kept for subscriptions made after them. */
  private readonly trackSettings = new Map<string, TrackSettings>();
  /**
   * Transceivers whose track went away, reused for later subscriptions of the same kind (as LiveKit does; werift would
   * otherwise grow the SDP by one dead m-section per change). One is reusable only once the client has applied a
   * description showing it inactive: livekit-client only sees a new track on a section that stopped sending first.
   */
  protected readonly retiring = new UntilAnswered<DownTrack>();
  protected readonly reusable: DownTrack[] = [];
  protected readonly data: DataOut;
  protected closed = false;

  constructor(
    protected readonly context: ParticipantContext,
    protected readonly hooks: DownstreamHooks,
  ) {
    this.data = new DataOut(context.log);
  }

  /** Adds a section sending `track` (published by `publisherSid`); `negotiate`: tell the client now. */
  abstract add(publisherSid: string, track: PublishedTrack, negotiate: boolean): void;
  /** The first negotiation of a join, if the server starts it. */
  abstract start(): Promise<void>;
  /** The client answered a server offer. */
  abstract accept(answer: SessionDescription): Promise<void>;
  /** The client resumed its signalling; `restartIce`: its receiving connection failed. */
  abstract resume(restartIce: boolean): void;
  /** True when the connection media reaches the client on is down (for connection quality). */
  abstract get isDown(): boolean;
  /** Ask the client's side to negotiate the current sections. */
  protected abstract renegotiate(): void;

  /** Puts `track` on `transceiver` (a fresh section, or `previous`'s, whose numbering continues). */
  protected bindSection(publisherSid: string, track: PublishedTrack, transceiver: RTCRtpTransceiver, previous?: DownTrack): Subscription {
    transceiver.setDirection('sendonly');
    // livekit-client reads the publisher and track sids from the msid: `PA_x|TR_y TR_y`
    setSenderTrackId(transceiver.sender, track.info.sid);
    transceiver.sender.setStreams([new MediaStream({ id: `${publisherSid}|${track.info.sid}` })]);
    const down: DownTrack = new DownTrack(
      track.kind,
      transceiver,
      { requestKeyFrame: (layer) => track.requestKeyFrame(layer), layersChanged: () => this.pickLayer(subscription) },
      previous,
    );
    const settings = this.trackSettings.get(track.info.sid);
    if (settings) {
      down.paused = settings.disabled;
      down.quality = settings.quality;
    }
    const subscription: Subscription = { track, down };
    this.subscriptions.set(track.info.sid, subscription);
    track.addDownTrack(down);
    this.pickLayer(subscription);
    track.demandChanged();
    return subscription;
  }

  /** A retired section of `kind` the client has seen go inactive, taken for a new subscription. */
  protected takeReusable(kind: 'audio' | 'video'): DownTrack | undefined {
    const index = this.reusable.findIndex((previous) => previous.kind === kind);
    return index === -1 ? undefined : this.reusable.splice(index, 1)[0];
  }

  remove(trackSid: string, negotiate: boolean): void {
    const subscription = this.subscriptions.get(trackSid);
    if (!subscription) return;
    this.subscriptions.delete(trackSid);
    subscription.down.close();
    subscription.track.removeDownTrack(subscription.down);
    this.trackSettings.delete(trackSid);
    if (!this.closed) {
      // inactive, not removed: werift stops a removed sender for good, and the section is reused
      subscription.down.transceiver.setDirection('inactive');
      this.retiring.add(subscription.down);
      if (negotiate) this.renegotiate();
    }
  }

  updateTrackSettings(settings: UpdateTrackSettings): void {
    for (const sid of settings.trackSids.slice(0, 256)) {
      const track = this.hooks.findTrack(sid);
      if (!track) continue;
      const quality = requestedQuality(track.info.layers, settings);
      this.trackSettings.set(sid, { disabled: settings.disabled, quality });
      const subscription = this.subscriptions.get(sid);
      if (!subscription) continue;
      subscription.down.paused = settings.disabled;
      subscription.down.quality = quality;
      this.pickLayer(subscription);
      subscription.track.demandChanged();
    }
  }

  /** Re-evaluates every subscription's layer; run periodically as publishers' layers come and go. */
  refreshLayers(): void {
    for (const subscription of this.subscriptions.values()) this.pickLayer(subscription);
  }

  private pickLayer({ track, down }: Subscription): void {
    const layer = chooseLayer(track.activeLayers(), track.kind, down.quality);
    if (layer !== null) down.selectLayer(layer);
    // a subscriber still waiting for its first key frame keeps asking (late joiners, lost PLIs)
    const wanted = down.wantedLayer;
    if (down.kind === 'video' && down.waitingForKeyFrame && wanted !== null) track.requestKeyFrame(wanted);
  }

  /** The connection (re)connected: what was forwarded before went nowhere, so video restarts from a key frame. */
  protected restartFromKeyFrames(): void {
    for (const { down } of this.subscriptions.values()) down.restartFromKeyFrame();
  }

  /** mid → track sid of every section sending now, as livekit-client wants it with each description. */
  protected midToTrackId(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const subscription of this.subscriptions.values()) {
      const mid = subscription.down.transceiver.mid;
      if (mid) map[mid] = subscription.track.info.sid;
    }
    return map;
  }

  /** The client opened a data channel (`_reliable` or `_lossy`) on the connection it sends on: packets for it go there. */
  useClientChannel(channel: RTCDataChannel, reliable: boolean): void {
    this.data.prefer(channel, reliable);
  }

  sendData(bytes: Uint8Array, reliable: boolean): void {
    this.data.send(bytes, reliable);
  }

  close(): void {
    this.closed = true;
    for (const sid of [...this.subscriptions.keys()]) this.remove(sid, false);
    this.data.close();
  }
}
