import {
  ClientConfigSetting,
  ConnectionQuality,
  ClientConfiguration,
  Codec,
  DataPacket,
  Encryption_Type,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  ParticipantInfo,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantUpdate,
  Pong,
  RequestResponse,
  RequestResponse_Reason,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalResponse,
  SignalTarget,
  SimulcastCodecInfo,
  SubscribedCodec,
  SubscribedQuality,
  SubscribedQualityUpdate,
  TrackInfo,
  TrackPublishedResponse,
  TrackType,
  TrackUnpublishedResponse,
  TrickleRequest,
} from '@livekit/protocol';
import type {
  AddTrackRequest,
  DisconnectReason,
  ParticipantPermission,
  Room as RoomInfo,
  SignalRequest,
  UpdateTrackSettings,
  VideoQuality,
} from '@livekit/protocol';
import { MediaStream, type RTCDataChannel, type RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import type { WebSocket } from 'ws';
import { describe } from '../describe';
import { newId } from '../ids';
import type { Logger } from '../log';
import { DownTrack } from './down-track';
import { chooseLayer, dynacastUpdate, qualitySwitches, requestedQuality } from './layer-policy';
import { publisherConfig, subscriberConfig, type NetworkSettings } from './peer-config';
import { PublishedTrack } from './published-track';
import { isLoopbackCandidate, keepBundledSectionsOpen, keepLoopbackCandidates, parseMediaSections, recvonlyMids } from './sdp';
import { UntilAnswered } from './until-answered';
import { createPeerConnection, setSenderTrackId } from './werift-internals';

export const SERVER_VERSION = '1.9.0';
export const SERVER_PROTOCOL = 16;
export const PING_INTERVAL_S = 5;
export const PING_TIMEOUT_S = 15;
const MAX_TRACKS_PER_PARTICIPANT = 16;

/** What a participant needs from its room; kept narrow so the two stay testable apart. */
export interface RoomLink {
  readonly sid: string;
  readonly name: string;
  roomInfo(): RoomInfo;
  others(of: Participant): Participant[];
  participantChanged(p: Participant): void;
  trackPublished(p: Participant, track: PublishedTrack): void;
  trackUnpublished(p: Participant, track: PublishedTrack): void;
  routeData(from: Participant, packet: DataPacket, reliable: boolean): void;
  findTrack(trackSid: string): { owner: Participant; track: PublishedTrack } | undefined;
  leave(p: Participant, reason: string): void;
}

export interface ParticipantInit {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  permission: ParticipantPermission;
  autoSubscribe: boolean;
}

interface Subscription {
  track: PublishedTrack;
  owner: Participant;
  down: DownTrack;
}

interface TrackSettings {
  disabled: boolean;
  quality: VideoQuality;
}

/**
 * One participant on the legacy dual peer-connection path: the client publishes on `publisher`
 * (client offers) and receives on `subscriber` (server offers, primary), and signals over `ws`.
 */
export class Participant {
  readonly sid = newId('PA_');
  readonly identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  readonly permission: ParticipantPermission;
  readonly joinedAtMs = Date.now();
  private version = 1;
  state = ParticipantInfo_State.JOINED;
  /** From the `auto_subscribe` query parameter: the app sets it to 0 and subscribes per tile. */
  readonly autoSubscribe: boolean;

  private readonly publisher: RTCPeerConnection;
  private readonly subscriber: RTCPeerConnection;
  private readonly subscriberChannels: { reliable: RTCDataChannel; lossy: RTCDataChannel };
  private readonly pendingTracks = new Map<string, PublishedTrack>();
  readonly tracks = new Map<string, PublishedTrack>();
  private readonly subscriptions = new Map<string, Subscription>();
  /** Settings the client sent per track sid, kept for subscriptions made after them. */
  private readonly trackSettings = new Map<string, TrackSettings>();
  /**
   * Subscriber transceivers whose track went away, reused for later subscriptions of the same kind
   * (as LiveKit does; werift would otherwise grow the SDP by one dead m-section per change). One is
   * reusable only once an answer to an offer showing it inactive is in: livekit-client only sees a
   * new track on a section that stopped sending first.
   */
  private readonly retiring = new UntilAnswered<DownTrack>();
  private readonly reusable: DownTrack[] = [];
  /**
   * Subscriptions whose down track forwards nothing until the subscriber has answered an offer that carries it (as
   * pion binds a track only on the answer). Otherwise a reused transceiver delivers the new sender's frames while
   * the client still maps it to the previous track: in an E2EE call they go to the previous sender's decryptor and
   * are lost.
   */
  private readonly binding = new UntilAnswered<DownTrack>();
  private offerId = 0;
  private offerInFlight = false;
  private renegotiate = false;
  private publisherQueue: Promise<void> = Promise.resolve();
  lastSeenAt = Date.now();
  closed = false;
  private speaking = false;

  constructor(
    init: ParticipantInit,
    private readonly ws: WebSocket,
    private readonly room: RoomLink,
    private readonly network: NetworkSettings,
    private readonly log: Logger,
  ) {
    this.identity = init.identity;
    this.name = init.name;
    this.metadata = init.metadata;
    this.attributes = init.attributes;
    this.permission = init.permission;
    this.autoSubscribe = init.autoSubscribe;

    const onPacketError = (error: unknown) =>
      this.log('error', 'packet handling failed (further errors suppressed)', { participant: this.sid, error: describe(error) });
    this.publisher = createPeerConnection(publisherConfig(network), onPacketError);
    this.publisher.onDataChannel.subscribe((channel) => this.onPublisherDataChannel(channel));
    this.publisher.onIceCandidate.subscribe((candidate) => {
      if (candidate) this.sendTrickle(candidate.toJSON(), SignalTarget.PUBLISHER);
    });
    this.subscriber = createPeerConnection(subscriberConfig(network), onPacketError);
    this.subscriber.onIceCandidate.subscribe((candidate) => {
      if (candidate) this.sendTrickle(candidate.toJSON(), SignalTarget.SUBSCRIBER);
    });
    this.subscriber.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.state !== ParticipantInfo_State.ACTIVE) {
        this.state = ParticipantInfo_State.ACTIVE;
        this.changed();
      }
      if (state === 'failed') this.room.leave(this, 'subscriber connection failed');
    });
    this.subscriberChannels = {
      reliable: this.subscriber.createDataChannel('_reliable', { ordered: true }),
      lossy: this.subscriber.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 }),
    };
  }

  info(): ParticipantInfo {
    return new ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      name: this.name,
      metadata: this.metadata,
      attributes: this.attributes,
      state: this.state,
      tracks: [...this.tracks.values()].map((t) => t.info),
      joinedAt: BigInt(Math.floor(this.joinedAtMs / 1000)),
      joinedAtMs: BigInt(this.joinedAtMs),
      version: this.version,
      permission: this.permission,
      isPublisher: this.tracks.size > 0,
      kind: ParticipantInfo_Kind.STANDARD,
    });
  }

  private changed(): void {
    this.version++;
    this.room.participantChanged(this);
  }

  send(message: SignalResponse['message']): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(new SignalResponse({ message }).toBinary());
  }

  /** Sends the JoinResponse and the first subscriber offer (the subscriber connection is primary). */
  async start(): Promise<void> {
    this.send({
      case: 'join',
      value: new JoinResponse({
        room: this.room.roomInfo(),
        participant: this.info(),
        otherParticipants: this.room.others(this).map((p) => p.info()),
        serverVersion: SERVER_VERSION,
        serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: SERVER_PROTOCOL }),
        iceServers: [],
        subscriberPrimary: true,
        // Resuming would need both peer connections kept across a signalling drop; a full
        // reconnect replaces the participant instead.
        clientConfiguration: new ClientConfiguration({ resumeConnection: ClientConfigSetting.DISABLED }),
        pingInterval: PING_INTERVAL_S,
        pingTimeout: PING_TIMEOUT_S,
        enabledPublishCodecs: [new Codec({ mime: 'video/VP8' }), new Codec({ mime: 'audio/opus' })],
      }),
    });
    if (this.autoSubscribe) {
      for (const other of this.room.others(this)) {
        for (const track of other.tracks.values()) if (track.hasMedia) this.subscribe(other, track, false);
      }
    }
    await this.negotiateSubscriber();
  }

  async handleRequest(request: SignalRequest): Promise<void> {
    this.lastSeenAt = Date.now();
    const message = request.message;
    switch (message.case) {
      case 'offer':
        return this.onPublisherOffer(message.value);
      case 'answer':
        return this.onSubscriberAnswer(message.value);
      case 'trickle':
        return this.onTrickle(message.value.candidateInit, message.value.target);
      case 'addTrack':
        return this.onAddTrack(message.value);
      case 'mute':
        return this.setTrackMuted(message.value.sid, message.value.muted);
      case 'subscription':
        for (const sid of [...message.value.trackSids, ...message.value.participantTracks.flatMap((p) => p.trackSids)]) {
          const found = this.room.findTrack(sid);
          if (!found || found.owner === this) continue;
          if (message.value.subscribe) this.subscribe(found.owner, found.track, true);
          else this.unsubscribe(sid, true);
        }
        return;
      case 'trackSetting':
        return this.onTrackSettings(message.value);
      case 'leave':
        this.room.leave(this, 'client left');
        return;
      case 'ping':
        this.send({ case: 'pong', value: BigInt(Date.now()) });
        return;
      case 'pingReq':
        this.send({
          case: 'pongResp',
          value: new Pong({ lastPingTimestamp: message.value.timestamp, timestamp: BigInt(Date.now()) }),
        });
        return;
      case 'updateMetadata': {
        const update = message.value;
        if (!this.permission.canUpdateMetadata) {
          this.send({
            case: 'requestResponse',
            value: new RequestResponse({
              requestId: update.requestId,
              reason: RequestResponse_Reason.NOT_ALLOWED,
              message: 'this token does not allow updating your own name, metadata or attributes',
            }),
          });
          return;
        }
        if (update.name) this.name = update.name.slice(0, 128);
        if (update.metadata) this.metadata = update.metadata.slice(0, 4096);
        for (const [key, value] of Object.entries(update.attributes).slice(0, 32)) {
          if (value === '') delete this.attributes[key];
          else this.attributes[key] = value.slice(0, 1024);
        }
        this.changed();
        // livekit-client resolves its update request when its own info comes back changed
        this.send({ case: 'update', value: new ParticipantUpdate({ participants: [this.info()] }) });
        return;
      }
      default:
        // updateLayers, subscriptionPermission, syncState, simulate…: not needed by Sealroom's client
        return;
    }
  }

  private onTrickle(candidateInit: string, target: SignalTarget): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidateInit);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    const { candidate, sdpMid, sdpMLineIndex } = parsed as Record<string, unknown>;
    if (typeof candidate !== 'string' || candidate === '') return;
    if (this.network.loopbackOnly && !isLoopbackCandidate(candidate)) return;
    const pc = target === SignalTarget.SUBSCRIBER ? this.subscriber : this.publisher;
    pc.addIceCandidate({
      candidate,
      sdpMid: typeof sdpMid === 'string' ? sdpMid : undefined,
      sdpMLineIndex: typeof sdpMLineIndex === 'number' ? sdpMLineIndex : undefined,
    }).catch((error: unknown) => this.log('warn', 'ice candidate rejected', { participant: this.sid, error: describe(error) }));
  }

  /** Our own SDP as sent: on a loopback-only server, candidates on other interfaces are not offered. */
  private outgoing(sdp: string): string {
    return this.network.loopbackOnly ? keepLoopbackCandidates(sdp) : sdp;
  }

  private sendTrickle(candidate: { candidate?: string }, target: SignalTarget): void {
    if (this.network.loopbackOnly && !isLoopbackCandidate(candidate.candidate ?? '')) return;
    this.send({
      case: 'trickle',
      value: new TrickleRequest({ candidateInit: JSON.stringify(candidate), target }),
    });
  }

  private onAddTrack(request: AddTrackRequest): void {
    if (!this.permission.canPublish) return;
    if (this.tracks.size + this.pendingTracks.size >= MAX_TRACKS_PER_PARTICIPANT) {
      this.log('warn', 'track limit reached', { participant: this.sid });
      return;
    }
    const isVideo = request.type === TrackType.VIDEO;
    const mimeType = isVideo ? 'video/VP8' : 'audio/opus';
    const info = new TrackInfo({
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
    const track = new PublishedTrack(info, request.cid);
    this.pendingTracks.set(request.cid, track);
    this.send({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: request.cid, track: info }) });
  }

  private onPublisherOffer(offer: SessionDescription): Promise<void> {
    // offers are applied strictly one after another; werift is not re-entrant here
    this.publisherQueue = this.publisherQueue.then(async () => {
      if (this.closed) return;
      const sdp = this.network.loopbackOnly ? keepLoopbackCandidates(offer.sdp) : offer.sdp;
      await this.publisher.setRemoteDescription({ type: 'offer', sdp });
      // The recvonly sections LiveKit's native SDKs pre-add would be answered inactive, and werift
      // then recycles those transceivers for the next new m-section, whatever its kind, and loses
      // their mids ("Transceiver with mid=7 not found" on the next offer). Answer them sendonly
      // instead; nothing is ever sent on them on this path.
      const wantsToReceive = recvonlyMids(sdp);
      for (const transceiver of this.publisher.getTransceivers()) {
        if (transceiver.mid !== null && wantsToReceive.has(transceiver.mid)) transceiver.setDirection('sendonly');
      }
      const answer = await this.publisher.createAnswer();
      await this.publisher.setLocalDescription(answer);
      const local = this.publisher.localDescription;
      if (!local) return;
      this.send({ case: 'answer', value: new SessionDescription({ type: 'answer', sdp: this.outgoing(keepBundledSectionsOpen(local.sdp, recvonlyMids(sdp))), id: offer.id }) });
      this.syncPublishedTracks(sdp);
    }).catch((error: unknown) => {
      this.log('error', 'publisher negotiation failed', { participant: this.sid, error: describe(error) });
    });
    return this.publisherQueue;
  }

  /** Binds pending tracks to the m-sections that now send them, and unpublishes those that stopped. */
  private syncPublishedTracks(offerSdp: string): void {
    const sections = parseMediaSections(offerSdp);
    const transceivers = this.publisher.getTransceivers();
    for (const section of sections) {
      if (section.kind !== 'audio' && section.kind !== 'video') continue;
      const transceiver = transceivers.find((t) => t.mid === section.mid);
      const publishedHere = [...this.tracks.values()].find((t) => t.mid === section.mid);
      if (publishedHere && (!section.sending || (section.trackId !== null && section.trackId !== publishedHere.cid))) {
        this.unpublish(publishedHere);
      }
      if (!section.sending || !transceiver || section.trackId === null) continue;
      const pending = this.pendingTracks.get(section.trackId);
      if (pending) {
        this.pendingTracks.delete(section.trackId);
        pending.mid = section.mid;
        pending.info.mid = section.mid;
        pending.attach(transceiver.receiver);
        this.tracks.set(pending.info.sid, pending);
        this.log('info', 'track published', { participant: this.sid, track: pending.info.sid, kind: pending.kind });
        this.changed();
        this.room.trackPublished(this, pending);
      } else {
        const existing = [...this.tracks.values()].find((t) => t.mid === section.mid);
        // werift re-creates per-layer tracks on renegotiation; attach() reads each one once
        existing?.attach(transceiver.receiver);
      }
    }
  }

  private unpublish(track: PublishedTrack): void {
    if (!this.tracks.delete(track.info.sid)) return;
    track.close();
    this.log('info', 'track unpublished', { participant: this.sid, track: track.info.sid });
    this.send({ case: 'trackUnpublished', value: new TrackUnpublishedResponse({ trackSid: track.info.sid }) });
    this.changed();
    this.room.trackUnpublished(this, track);
  }

  setTrackMuted(trackSid: string, muted: boolean): void {
    const track = this.tracks.get(trackSid) ?? [...this.pendingTracks.values()].find((t) => t.info.sid === trackSid);
    if (!track || track.info.muted === muted) return;
    track.info.muted = muted;
    this.changed();
  }

  // ——— subscribing ———

  subscribe(owner: Participant, track: PublishedTrack, negotiate = true): void {
    if (this.closed || !this.permission.canSubscribe || this.subscriptions.has(track.info.sid)) return;
    const reuse = this.reusable.findIndex((previous) => previous.kind === track.kind);
    const previous = reuse === -1 ? undefined : this.reusable.splice(reuse, 1)[0];
    const transceiver: RTCRtpTransceiver = previous?.transceiver ?? this.subscriber.addTransceiver(track.kind, { direction: 'sendonly' });
    transceiver.setDirection('sendonly');
    // livekit-client reads the publisher and track sids from the msid: `PA_x|TR_y TR_y`
    setSenderTrackId(transceiver.sender, track.info.sid);
    transceiver.sender.setStreams([new MediaStream({ id: `${owner.sid}|${track.info.sid}` })]);
    const down = new DownTrack(track.kind, transceiver, { requestKeyFrame: (layer) => track.requestKeyFrame(layer) }, previous);
    const settings = this.trackSettings.get(track.info.sid);
    if (settings) {
      down.paused = settings.disabled;
      down.quality = settings.quality;
    }
    const subscription: Subscription = { track, owner, down };
    this.binding.add(down);
    this.subscriptions.set(track.info.sid, subscription);
    track.downTracks.add(down);
    this.pickLayer(subscription);
    owner.announceQualities(track, false);
    if (negotiate) void this.negotiateSubscriber();
  }

  unsubscribe(trackSid: string, negotiate = true): void {
    const subscription = this.subscriptions.get(trackSid);
    if (!subscription) return;
    this.subscriptions.delete(trackSid);
    subscription.down.close();
    subscription.track.downTracks.delete(subscription.down);
    this.trackSettings.delete(trackSid);
    if (!this.closed) {
      // inactive, not removed: werift stops a removed sender for good, and the section is reused
      subscription.down.transceiver.setDirection('inactive');
      this.retiring.add(subscription.down);
      if (negotiate) void this.negotiateSubscriber();
    }
  }

  private onTrackSettings(settings: UpdateTrackSettings): void {
    for (const sid of settings.trackSids.slice(0, 256)) {
      const found = this.room.findTrack(sid);
      if (!found) continue;
      const quality = requestedQuality(found.track.info.layers, settings);
      this.trackSettings.set(sid, { disabled: settings.disabled, quality });
      const subscription = this.subscriptions.get(sid);
      if (!subscription) continue;
      subscription.down.paused = settings.disabled;
      subscription.down.quality = quality;
      this.pickLayer(subscription);
      subscription.owner.announceQualities(subscription.track, false);
    }
  }

  /** Re-evaluates every video subscription's layer; run periodically as publishers' layers come and go. */
  refreshLayers(): void {
    for (const subscription of this.subscriptions.values()) this.pickLayer(subscription);
    for (const track of this.tracks.values()) this.announceQualities(track, true);
  }

  /**
   * Dynacast: tells this (publishing) client which simulcast layers of `track` anyone receives, so it
   * stops encoding the rest (clients with `dynacast: true` act on it); `dynacastUpdate` decides when.
   */
  announceQualities(track: PublishedTrack, allowDisable: boolean): void {
    if (track.kind !== 'video' || !track.info.simulcast || this.closed) return;
    const update = dynacastUpdate(track.announcedQualities, track.wantedQualities(), allowDisable);
    if (update === null) return;
    track.announcedQualities = update;
    const qualities = qualitySwitches(update).map((switched) => new SubscribedQuality(switched));
    this.send({
      case: 'subscribedQualityUpdate',
      value: new SubscribedQualityUpdate({
        trackSid: track.info.sid,
        subscribedQualities: qualities,
        subscribedCodecs: [new SubscribedCodec({ codec: 'vp8', qualities })],
      }),
    });
  }

  private pickLayer(subscription: Subscription): void {
    const layer = chooseLayer(subscription.track.activeLayers(), subscription.track.kind, subscription.down.quality);
    if (layer !== null) subscription.down.selectLayer(layer);
    // a subscriber still waiting for its first key frame keeps asking (late joiners, lost PLIs)
    const wanted = subscription.down.wantedLayer;
    if (subscription.down.kind === 'video' && subscription.down.waitingForKeyFrame && wanted !== null) {
      subscription.track.requestKeyFrame(wanted);
    }
  }

  private async negotiateSubscriber(): Promise<void> {
    if (this.closed) return;
    if (this.offerInFlight) {
      this.renegotiate = true;
      return;
    }
    this.offerInFlight = true;
    this.renegotiate = false;
    try {
      this.retiring.offered();
      this.binding.offered();
      const offer = await this.subscriber.createOffer();
      await this.subscriber.setLocalDescription(offer);
      const local = this.subscriber.localDescription;
      if (!local || this.closed) return;
      const midToTrackId: Record<string, string> = {};
      for (const subscription of this.subscriptions.values()) {
        const mid = subscription.down.transceiver.mid;
        if (mid) midToTrackId[mid] = subscription.track.info.sid;
      }
      this.send({
        case: 'offer',
        value: new SessionDescription({
          type: 'offer',
          sdp: this.outgoing(keepBundledSectionsOpen(local.sdp)),
          id: ++this.offerId,
          midToTrackId,
        }),
      });
    } catch (error) {
      this.offerInFlight = false;
      this.log('error', 'subscriber negotiation failed', { participant: this.sid, error: describe(error) });
    }
  }

  private async onSubscriberAnswer(answer: SessionDescription): Promise<void> {
    if (!this.offerInFlight) return;
    const sdp = this.network.loopbackOnly ? keepLoopbackCandidates(answer.sdp) : answer.sdp;
    try {
      await this.subscriber.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      this.log('error', 'subscriber answer rejected', { participant: this.sid, error: describe(error) });
    }
    this.offerInFlight = false;
    this.reusable.push(...this.retiring.answered());
    for (const down of this.binding.answered()) down.bind();
    if (this.renegotiate) await this.negotiateSubscriber();
  }

  // ——— data ———

  private onPublisherDataChannel(channel: RTCDataChannel): void {
    const reliable = channel.label === '_reliable';
    if (!reliable && channel.label !== '_lossy') return;
    channel.onMessage.subscribe((data) => {
      if (typeof data === 'string' || !this.permission.canPublishData) return;
      let packet: DataPacket;
      try {
        packet = DataPacket.fromBinary(data);
      } catch {
        this.log('warn', 'malformed data packet dropped', { participant: this.sid });
        return;
      }
      this.room.routeData(this, packet, reliable);
    });
  }

  sendData(bytes: Uint8Array, reliable: boolean): void {
    const channel = reliable ? this.subscriberChannels.reliable : this.subscriberChannels.lossy;
    if (channel.readyState !== 'open') return;
    try {
      channel.send(Buffer.from(bytes));
    } catch (error) {
      this.log('warn', 'data send failed', { participant: this.sid, error: describe(error) });
    }
  }

  // ——— connection quality ———

  /**
   * A LiveKit-style quality for this participant from what the server sees: its subscriber
   * connection state and the loss on what it publishes.
   */
  connectionQuality(): ConnectionQuality {
    const state = this.subscriber.connectionState;
    if (state === 'failed' || state === 'disconnected' || state === 'closed') return ConnectionQuality.LOST;
    let worst = 0;
    for (const track of this.tracks.values()) {
      const loss = track.takeLoss();
      if (track.info.muted) continue;
      if (loss === null) {
        // silent video someone is watching (with dynacast, unwatched video is silent on purpose)
        if (track.kind === 'video' && track.wantedQualities().length > 0) worst = Math.max(worst, 0.2);
        continue;
      }
      worst = Math.max(worst, loss);
    }
    if (worst < 0.02) return ConnectionQuality.EXCELLENT;
    if (worst < 0.1) return ConnectionQuality.GOOD;
    return ConnectionQuality.POOR;
  }

  // ——— speaking ———

  /** Mean mic level since the last call, or null when it has no audio track. */
  takeAudioLevel(): number | null {
    let level: number | null = null;
    for (const track of this.tracks.values()) {
      if (track.kind !== 'audio' || track.info.muted) continue;
      level = Math.max(level ?? 0, track.takeAudioLevel());
    }
    return level;
  }

  updateSpeaking(active: boolean): boolean {
    const changed = active !== this.speaking;
    this.speaking = active;
    return changed;
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  // ——— ending ———

  /** Tells the client why it is being disconnected; it will not try to reconnect. */
  sendLeave(reason: DisconnectReason): void {
    this.send({
      case: 'leave',
      value: new LeaveRequest({ canReconnect: false, reason, action: LeaveRequest_Action.DISCONNECT }),
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.state = ParticipantInfo_State.DISCONNECTED;
    this.version++;
    for (const sid of [...this.subscriptions.keys()]) this.unsubscribe(sid, false);
    for (const track of this.tracks.values()) track.close();
    this.publisher.close().catch(() => {});
    this.subscriber.close().catch(() => {});
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(1000, 'participant left');
  }

  /** Called when a publisher's track goes away: drop the subscription and renegotiate. */
  dropSubscription(trackSid: string): void {
    this.unsubscribe(trackSid, true);
  }
}
