import {
  ConnectionQuality,
  ParticipantInfo,
  ReconnectReason,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantUpdate,
  RequestResponse,
  RequestResponse_Reason,
  SignalTarget,
} from '@livekit/protocol';
import type { DataPacket, ParticipantPermission, Room as RoomInfo, SessionDescription, UpdateParticipantMetadata, UpdateSubscription } from '@livekit/protocol';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { HostileHooks } from './hostile-hooks';
import type { NetworkSettings, ParticipantContext } from './peer-config';
import type { PublishedTrack } from './published-track';
import { PublisherPeer } from './publisher-peer';
import type { Downstream, DownstreamHooks } from './downstream';
import { SignallingSession, type Signal } from './signalling-session';
import { SinglePeerDownstream } from './single-peer-downstream';
import { SubscriberPeer } from './subscriber-peer';

/** What a participant needs from its room; kept narrow so the two stay testable apart. */
export interface ParticipantRoom {
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
  /** Who left recently and has not come back, as DISCONNECTED infos: what a resuming client may have missed. */
  recentDepartures(): ParticipantInfo[];
  /** How long a participant whose signalling dropped waits for its client to resume (see DEFAULT_LIMITS). */
  readonly resumeGraceMs: number;
}

export interface ParticipantInit {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  permission: ParticipantPermission;
  autoSubscribe: boolean;
  /** The token it joined with: only that token can resume it (kept as a SHA-256, never the token). */
  token: string;
  /**
   * Joined on `/rtc/v1`: one peer connection carries what it publishes and what it receives (the client offers on it,
   * always). Otherwise the legacy `/rtc` pair: a publisher connection and a subscriber connection the server offers on.
   */
  singlePeerConnection: boolean;
  /** `/rtc/v1`: the offer that came with the join request, answered right after the JoinResponse. */
  publisherOffer?: SessionDescription | null;
}

/**
 * One participant: who it is, and the three pieces that serve it: its signalling session, the peer it publishes on
 * and what it receives (a peer of its own on the legacy `/rtc` path; on `/rtc/v1` the publisher's connection).
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
  readonly signalling: SignallingSession;
  private readonly context: ParticipantContext;
  private readonly publisher: PublisherPeer;
  private readonly subscriber: Downstream;
  /** Joined on `/rtc/v1` (see ParticipantInit). */
  readonly singlePeerConnection: boolean;
  private publisherOffer: SessionDescription | null;
  private readonly tokenDigest: Buffer;
  /** The highest sequence number of a reliable data packet from this client (livekit-client numbers them). */
  private lastReliableSequence = 0;
  /** Running while the signalling socket is gone: ends the participant if the client does not resume in time. */
  private grace: NodeJS.Timeout | null = null;
  private lostAt = 0;
  closed = false;

  constructor(
    init: ParticipantInit,
    private readonly room: ParticipantRoom,
    network: NetworkSettings,
    log: Logger,
    hostile: HostileHooks | null = null,
  ) {
    this.identity = init.identity;
    this.name = init.name;
    this.metadata = init.metadata;
    this.attributes = init.attributes;
    this.permission = init.permission;
    this.autoSubscribe = init.autoSubscribe;
    this.tokenDigest = digest(init.token);
    this.singlePeerConnection = init.singlePeerConnection;
    this.publisherOffer = init.publisherOffer ?? null;

    const context: ParticipantContext = { network, log: (level, message, fields) => log(level, message, { participant: this.sid, ...fields }) };
    this.context = context;
    this.signalling = new SignallingSession(context, {
      offer: (offer) => this.publisher.answer(offer),
      answer: (answer) => this.subscriber.accept(answer),
      addTrack: (request) => this.publisher.addTrack(request),
      mute: (trackSid, muted) => this.setTrackMuted(trackSid, muted),
      subscription: (request) => this.onSubscription(request),
      trackSettings: (settings) => this.subscriber.updateTrackSettings(settings),
      leave: () => this.room.leave(this, 'client left'),
      updateMetadata: (update) => this.onUpdateMetadata(update),
      lost: (reason) => this.signallingLost(reason),
      broken: (reason) => this.room.leave(this, reason),
    }, hostile ? (message) => (hostile.signal ? hostile.signal(this.identity, message) : message) : null);
    const signal: Signal = (message) => this.signalling.send(message);
    this.publisher = new PublisherPeer(context, this.permission, {
      signal,
      changed: () => this.changed(),
      published: (track) => this.room.trackPublished(this, track),
      unpublished: (track) => this.room.trackUnpublished(this, track),
      data: (packet, reliable) => {
        if (reliable && packet.sequence > this.lastReliableSequence) this.lastReliableSequence = packet.sequence;
        this.room.routeData(this, packet, reliable);
      },
      channel: (channel, reliable) => this.subscriber.useClientChannel(channel, reliable),
    }, this.singlePeerConnection);
    const downstreamHooks: DownstreamHooks = {
      signal,
      connected: () => {
        if (this.state === ParticipantInfo_State.ACTIVE) return;
        this.state = ParticipantInfo_State.ACTIVE;
        this.changed();
      },
      failed: () => this.room.leave(this, this.singlePeerConnection ? 'peer connection failed' : 'subscriber connection failed'),
      findTrack: (trackSid) => this.room.findTrack(trackSid)?.track,
    };
    this.signalling.carryCandidates(SignalTarget.PUBLISHER, this.publisher.connection);
    if (this.singlePeerConnection) {
      const single = new SinglePeerDownstream(context, downstreamHooks, this.publisher.connection);
      this.publisher.useReceiveSections(single);
      this.subscriber = single;
    } else {
      const subscriber = new SubscriberPeer(context, downstreamHooks);
      this.signalling.carryCandidates(SignalTarget.SUBSCRIBER, subscriber.connection);
      this.subscriber = subscriber;
    }
  }

  /** The tracks this participant publishes, by track sid. */
  get tracks(): ReadonlyMap<string, PublishedTrack> {
    return this.publisher.tracks;
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

  /** The signalling socket it joined on. */
  attach(ws: WebSocket): void {
    this.signalling.attach(ws);
  }

  /** Whether a resume presenting `token` is this participant's: the token it joined with, compared in constant time. */
  isOwnToken(token: string): boolean {
    return timingSafeEqual(digest(token), this.tokenDigest);
  }

  private signallingLost(reason: string): void {
    if (this.closed || this.grace) return;
    this.lostAt = Date.now();
    const graceMs = this.room.resumeGraceMs;
    this.context.log('info', 'signalling lost: waiting for a resume', { reason, graceMs });
    this.grace = setTimeout(() => {
      this.grace = null;
      this.room.leave(this, `${reason}, not resumed within ${graceMs / 1000} s`);
    }, graceMs);
    this.grace.unref();
  }

  /**
   * The client resumed on `ws` with the session's token and sid: the peer connections, tracks and subscriptions were
   * kept, so it gets a ReconnectResponse, what it missed, everyone's current state, and the subscriber offer it still
   * owes an answer to (with an ICE restart when its subscriber connection failed). The client restarts ICE on its
   * publisher connection with its next offer.
   */
  resume(ws: WebSocket, reason: ReconnectReason): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
    const awayMs = this.lostAt === 0 ? 0 : Date.now() - this.lostAt;
    this.lostAt = 0;
    this.signalling.attach(ws);
    this.signalling.sendReconnect(this.lastReliableSequence);
    const present = [this.info(), ...this.room.others(this).map((p) => p.info())];
    this.signalling.send({ case: 'update', value: new ParticipantUpdate({ participants: [...present, ...this.room.recentDepartures()] }) });
    this.subscriber.resume(reason === ReconnectReason.RR_SUBSCRIBER_FAILED);
    this.context.log('info', 'participant resumed', { reason: ReconnectReason[reason] ?? String(reason), awayMs });
  }

  /**
   * Sends the JoinResponse, then the first negotiation: on the legacy path the subscriber offer (that connection is
   * primary); on `/rtc/v1` the answer to the offer that came with the join, carrying the auto-subscriptions.
   */
  async start(): Promise<void> {
    this.signalling.sendJoin(this.room.roomInfo(), this.info(), this.room.others(this).map((p) => p.info()), !this.singlePeerConnection);
    if (this.autoSubscribe) {
      for (const other of this.room.others(this)) {
        for (const track of other.tracks.values()) if (track.hasMedia) this.subscribe(other, track, false);
      }
    }
    const offer = this.publisherOffer;
    this.publisherOffer = null;
    if (offer) await this.publisher.answer(offer);
    await this.subscriber.start();
  }

  /** Subscribes this participant to `owner`'s track. Every subscription starts here: auto-subscribe, a request, a new track. */
  subscribe(owner: Participant, track: PublishedTrack, negotiate = true): void {
    if (this.closed || !this.permission.canSubscribe) return;
    this.subscriber.add(owner.sid, track, negotiate);
  }

  /** Ends this participant's subscription to a track (the client asked, or the track went away) and renegotiates. */
  unsubscribe(trackSid: string): void {
    this.subscriber.remove(trackSid, true);
  }

  private onSubscription(request: UpdateSubscription): void {
    for (const sid of [...request.trackSids, ...request.participantTracks.flatMap((p) => p.trackSids)]) {
      const found = this.room.findTrack(sid);
      if (!found || found.owner === this) continue;
      if (request.subscribe) this.subscribe(found.owner, found.track, true);
      else this.unsubscribe(sid);
    }
  }

  setTrackMuted(trackSid: string, muted: boolean): void {
    if (this.publisher.setMuted(trackSid, muted)) this.changed();
  }

  private onUpdateMetadata(update: UpdateParticipantMetadata): void {
    if (!this.permission.canUpdateMetadata) {
      this.signalling.send({
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
    this.signalling.send({ case: 'update', value: new ParticipantUpdate({ participants: [this.info()] }) });
  }

  /** Re-picks every subscription's layer and refreshes dynacast for what this participant publishes. */
  refreshLayers(): void {
    this.subscriber.refreshLayers();
    this.publisher.refreshQualities();
  }

  sendData(bytes: Uint8Array, reliable: boolean): void {
    this.subscriber.sendData(bytes, reliable);
  }

  /**
   * A LiveKit-style quality for this participant from what the server sees: its subscriber
   * connection state and the loss on what it publishes.
   */
  connectionQuality(): ConnectionQuality {
    if (this.subscriber.isDown) return ConnectionQuality.LOST;
    const loss = this.publisher.takeWorstLoss();
    if (loss < 0.02) return ConnectionQuality.EXCELLENT;
    if (loss < 0.1) return ConnectionQuality.GOOD;
    return ConnectionQuality.POOR;
  }

  /** Mean mic level since the last call, or null when it has no audio track. */
  takeAudioLevel(): number | null {
    return this.publisher.takeAudioLevel();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
    this.state = ParticipantInfo_State.DISCONNECTED;
    this.version++;
    this.subscriber.close();
    this.publisher.close();
    this.signalling.close();
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
