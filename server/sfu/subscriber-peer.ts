import { SessionDescription, type UpdateTrackSettings, type VideoQuality } from '@livekit/protocol';
import { MediaStream, type RTCDataChannel, type RTCPeerConnection } from 'werift';
import { describe } from '../describe';
import { DownTrack } from './down-track';
import { chooseLayer, requestedQuality } from './layer-policy';
import { openPeerConnection, subscriberConfig, withAllowedCandidates, type ParticipantContext } from './peer-config';
import type { PublishedTrack } from './published-track';
import { keepBundledSectionsOpen } from './sdp';
import type { Signal } from './signalling-session';
import { UntilAnswered } from './until-answered';
import { setSenderTrackId, startRestartedIce } from './werift-internals';

export interface SubscriberPeerHooks {
  signal: Signal;
  connected(): void;
  failed(): void;
  /** Any participant's published track, for settings sent before subscribing. */
  findTrack(trackSid: string): PublishedTrack | undefined;
}

interface Subscription {
  track: PublishedTrack;
  down: DownTrack;
}

interface TrackSettings {
  disabled: boolean;
  quality: VideoQuality;
}

/**
 * The peer connection a client receives on (the server offers; primary): one sendonly section per
 * subscribed track, each fed by a DownTrack, and the data channels out.
 */
export class SubscriberPeer {
  readonly connection: RTCPeerConnection;
  private readonly channels: { reliable: RTCDataChannel; lossy: RTCDataChannel };
  private readonly subscriptions = new Map<string, Subscription>();
  /** Settings the client sent per track sid, kept for subscriptions made after them. */
  private readonly trackSettings = new Map<string, TrackSettings>();
  /**
   * Transceivers whose track went away, reused for later subscriptions of the same kind (as LiveKit
   * does; werift would otherwise grow the SDP by one dead m-section per change). One is reusable
   * only once an answer to an offer showing it inactive is in: livekit-client only sees a new track
   * on a section that stopped sending first.
   */
  private readonly retiring = new UntilAnswered<DownTrack>();
  private readonly reusable: DownTrack[] = [];
  /**
   * Down tracks that forward nothing until the client has answered an offer that carries them (as
   * pion binds a track only on the answer). Otherwise a reused transceiver delivers the new sender's
   * frames while the client still maps it to the previous track: in an E2EE call they go to the
   * previous sender's decryptor and are lost.
   */
  private readonly binding = new UntilAnswered<DownTrack>();
  private offerId = 0;
  /** The offer the client has not answered yet: sent again when it resumes (it may never have arrived). */
  private pendingOffer: SessionDescription | null = null;
  private offerInFlight = false;
  private renegotiate = false;
  /** The client's subscriber connection failed: the next offer restarts ICE. */
  private restartIce = false;
  private closed = false;

  constructor(
    private readonly context: ParticipantContext,
    private readonly hooks: SubscriberPeerHooks,
  ) {
    this.connection = openPeerConnection(context, subscriberConfig(context.network));
    this.connection.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        for (const { down } of this.subscriptions.values()) down.restartFromKeyFrame();
        hooks.connected();
      }
      if (state === 'failed') hooks.failed();
    });
    this.channels = {
      reliable: this.connection.createDataChannel('_reliable', { ordered: true }),
      lossy: this.connection.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 }),
    };
  }

  /** True when the connection to the client is down (for connection quality). */
  get isDown(): boolean {
    const state = this.connection.connectionState;
    return state === 'failed' || state === 'disconnected' || state === 'closed';
  }

  /** Adds a section sending `track` (published by `publisherSid`), reusing a retired one of its kind. */
  add(publisherSid: string, track: PublishedTrack, negotiate: boolean): void {
    if (this.closed || this.subscriptions.has(track.info.sid)) return;
    const reuse = this.reusable.findIndex((previous) => previous.kind === track.kind);
    const previous = reuse === -1 ? undefined : this.reusable.splice(reuse, 1)[0];
    const transceiver = previous?.transceiver ?? this.connection.addTransceiver(track.kind, { direction: 'sendonly' });
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
    this.binding.add(down);
    this.subscriptions.set(track.info.sid, subscription);
    track.addDownTrack(down);
    this.pickLayer(subscription);
    track.demandChanged();
    if (negotiate) void this.negotiate();
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
      if (negotiate) void this.negotiate();
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

  /** Offers the current sections; one offer at a time, and a change made meanwhile offers again after the answer. */
  async negotiate(): Promise<void> {
    if (this.closed) return;
    if (this.offerInFlight) {
      this.renegotiate = true;
      return;
    }
    this.offerInFlight = true;
    this.renegotiate = false;
    const iceRestart = this.restartIce;
    this.restartIce = false;
    try {
      this.retiring.offered();
      this.binding.offered();
      const offer = await this.connection.createOffer({ iceRestart });
      await this.connection.setLocalDescription(offer);
      const local = this.connection.localDescription;
      if (!local || this.closed) return;
      const midToTrackId: Record<string, string> = {};
      for (const subscription of this.subscriptions.values()) {
        const mid = subscription.down.transceiver.mid;
        if (mid) midToTrackId[mid] = subscription.track.info.sid;
      }
      this.pendingOffer = new SessionDescription({
        type: 'offer',
        sdp: withAllowedCandidates(this.context.network, keepBundledSectionsOpen(local.sdp)),
        id: ++this.offerId,
        midToTrackId,
      });
      this.hooks.signal({ case: 'offer', value: this.pendingOffer });
    } catch (error) {
      this.offerInFlight = false;
      this.context.log('error', 'subscriber negotiation failed', { error: describe(error) });
    }
  }

  /** The client's answer: retired sections become reusable and new down tracks start forwarding. */
  async accept(answer: SessionDescription): Promise<void> {
    // an answer to an earlier offer (sent again after a resume) says nothing about the current one
    if (!this.offerInFlight || (answer.id !== 0 && answer.id !== this.offerId)) return;
    this.pendingOffer = null;
    try {
      await this.connection.setRemoteDescription({ type: 'answer', sdp: withAllowedCandidates(this.context.network, answer.sdp) });
      startRestartedIce(this.connection, (error) => this.context.log('warn', 'subscriber ICE restart failed', { error: describe(error) }));
    } catch (error) {
      this.context.log('error', 'subscriber answer rejected', { error: describe(error) });
    }
    this.offerInFlight = false;
    this.reusable.push(...this.retiring.answered());
    for (const down of this.binding.answered()) down.bind();
    if (this.renegotiate) await this.negotiate();
  }

  /**
   * The client resumed its signalling: the offer it has not answered is sent again (lost with the old socket, or
   * answered there too late; a second answer to it is ignored). `restartIce`: its subscriber connection failed.
   */
  resume(restartIce: boolean): void {
    if (restartIce) this.restartIce = true;
    if (this.pendingOffer) {
      this.hooks.signal({ case: 'offer', value: this.pendingOffer });
      if (restartIce) this.renegotiate = true;
    } else if (restartIce) {
      void this.negotiate();
    }
  }

  sendData(bytes: Uint8Array, reliable: boolean): void {
    const channel = reliable ? this.channels.reliable : this.channels.lossy;
    if (channel.readyState !== 'open') return;
    try {
      channel.send(Buffer.from(bytes));
    } catch (error) {
      this.context.log('warn', 'data send failed', { error: describe(error) });
    }
  }

  close(): void {
    this.closed = true;
    for (const sid of [...this.subscriptions.keys()]) this.remove(sid, false);
    this.connection.close().catch(() => {});
  }
}
