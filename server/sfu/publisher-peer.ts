import {
  DataPacket,
  SessionDescription,
  SubscribedCodec,
  SubscribedQuality,
  SubscribedQualityUpdate,
  TrackPublishedResponse,
  TrackUnpublishedResponse,
} from '@livekit/protocol';
import type { AddTrackRequest, ParticipantPermission } from '@livekit/protocol';
import type { RTCDataChannel, RTCPeerConnection } from 'werift';
import { describe } from '../describe';
import { dynacastUpdate, qualitySwitches } from './layer-policy';
import { openPeerConnection, publisherConfig, withAllowedCandidates, type ParticipantContext } from './peer-config';
import { PublishedTrack, trackInfoFor } from './published-track';
import { keepBundledSectionsOpen, parseMediaSections, recvonlyMids } from './sdp';
import { startRestartedIce } from './werift-internals';
import type { Signal } from './signalling-session';

const MAX_TRACKS_PER_PARTICIPANT = 16;

export interface PublisherPeerHooks {
  signal: Signal;
  /** Something in the participant's info changed (its tracks, a mute). */
  changed(): void;
  published(track: PublishedTrack): void;
  unpublished(track: PublishedTrack): void;
  /** A data packet arrived on `_reliable` (true) or `_lossy`. */
  data(packet: DataPacket, reliable: boolean): void;
  /** The client opened its `_reliable` (true) or `_lossy` channel. */
  channel(channel: RTCDataChannel, reliable: boolean): void;
}

/**
 * What the answer does with the sections the client offers to receive on (recvonly). The offer is applied when
 * `shape` runs, before the answer is made; it sets their directions and returns the mids the answer keeps bundled
 * and open. `midToTrackId` goes with the answer; `answered` runs once it is sent.
 */
export interface ReceiveSections {
  shape(offerSdp: string): ReadonlySet<string>;
  midToTrackId(): Record<string, string>;
  answered(): void;
}

/**
 * The legacy path: the recvonly sections LiveKit's native SDKs pre-add would be answered inactive, and werift then
 * recycles those transceivers for the next new m-section, whatever its kind, and loses their mids ("Transceiver with
 * mid=7 not found" on the next offer). Answer them sendonly instead; nothing is ever sent on them on this path.
 */
export function unusedReceiveSections(connection: RTCPeerConnection): ReceiveSections {
  return {
    shape(offerSdp) {
      const wantsToReceive = recvonlyMids(offerSdp);
      for (const transceiver of connection.getTransceivers()) {
        if (transceiver.mid !== null && wantsToReceive.has(transceiver.mid)) transceiver.setDirection('sendonly');
      }
      return wantsToReceive;
    },
    midToTrackId: () => ({}),
    answered() {},
  };
}

/**
 * The peer connection a client publishes on (the client offers): `add_track` makes a pending track,
 * the offer that sends it under the request's cid publishes it, an offer that stops sending it
 * unpublishes it. Also the publisher's end of dynacast, and its data channels in.
 */
export class PublisherPeer {
  readonly connection: RTCPeerConnection;
  private readonly pending = new Map<string, PublishedTrack>();
  readonly tracks = new Map<string, PublishedTrack>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** The legacy path's answer to recvonly sections unless `useReceiveSections` names the single-connection one. */
  private sections: ReceiveSections;

  constructor(
    private readonly context: ParticipantContext,
    private readonly permission: ParticipantPermission,
    private readonly hooks: PublisherPeerHooks,
    /** `/rtc/v1`: this connection also carries what the client receives, so it sends the subscribers' codecs too. */
    receives = false,
  ) {
    this.connection = openPeerConnection(context, publisherConfig(context.network, receives));
    this.connection.onDataChannel.subscribe((channel) => this.onDataChannel(channel));
    this.sections = unusedReceiveSections(this.connection);
  }

  /** On `/rtc/v1` the client's recvonly sections carry its subscriptions: `sections` decides them per answer. */
  useReceiveSections(sections: ReceiveSections): void {
    this.sections = sections;
  }

  addTrack(request: AddTrackRequest): void {
    if (!this.permission.canPublish) return;
    if (this.tracks.size + this.pending.size >= MAX_TRACKS_PER_PARTICIPANT) {
      this.context.log('warn', 'track limit reached');
      return;
    }
    const info = trackInfoFor(request);
    const track = new PublishedTrack(info, request.cid, { demandChanged: (changed) => this.announceQualities(changed, false) });
    this.pending.set(request.cid, track);
    this.hooks.signal({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: request.cid, track: info }) });
  }

  answer(offer: SessionDescription): Promise<void> {
    // offers are applied strictly one after another; werift is not re-entrant here
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      const sdp = withAllowedCandidates(this.context.network, offer.sdp);
      await this.connection.setRemoteDescription({ type: 'offer', sdp });
      const receiving = this.sections.shape(sdp);
      const answer = await this.connection.createAnswer();
      await this.connection.setLocalDescription(answer);
      startRestartedIce(this.connection, (error) => this.context.log('warn', 'publisher ICE restart failed', { error: describe(error) }));
      const local = this.connection.localDescription;
      if (!local) return;
      const answerSdp = withAllowedCandidates(this.context.network, keepBundledSectionsOpen(local.sdp, receiving));
      this.hooks.signal({
        case: 'answer',
        value: new SessionDescription({ type: 'answer', sdp: answerSdp, id: offer.id, midToTrackId: this.sections.midToTrackId() }),
      });
      this.sections.answered();
      this.syncPublishedTracks(sdp);
    }).catch((error: unknown) => {
      this.context.log('error', 'publisher negotiation failed', { error: describe(error) });
    });
    return this.queue;
  }

  /** Binds pending tracks to the m-sections that now send them, and unpublishes those that stopped. */
  private syncPublishedTracks(offerSdp: string): void {
    const transceivers = this.connection.getTransceivers();
    for (const section of parseMediaSections(offerSdp)) {
      if (section.kind !== 'audio' && section.kind !== 'video') continue;
      const transceiver = transceivers.find((t) => t.mid === section.mid);
      const publishedHere = [...this.tracks.values()].find((t) => t.mid === section.mid);
      if (publishedHere && (!section.sending || (section.trackId !== null && section.trackId !== publishedHere.cid))) {
        this.unpublish(publishedHere);
      }
      if (!section.sending || !transceiver || section.trackId === null) continue;
      const pending = this.pending.get(section.trackId);
      if (pending) {
        this.pending.delete(section.trackId);
        pending.mid = section.mid;
        pending.info.mid = section.mid;
        pending.attach(transceiver.receiver);
        this.tracks.set(pending.info.sid, pending);
        this.context.log('info', 'track published', { track: pending.info.sid, kind: pending.kind });
        this.hooks.changed();
        this.hooks.published(pending);
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
    this.context.log('info', 'track unpublished', { track: track.info.sid });
    this.hooks.signal({ case: 'trackUnpublished', value: new TrackUnpublishedResponse({ trackSid: track.info.sid }) });
    this.hooks.changed();
    this.hooks.unpublished(track);
  }

  /** Mutes a published or pending track; true when that changed it. */
  setMuted(trackSid: string, muted: boolean): boolean {
    const track = this.tracks.get(trackSid) ?? [...this.pending.values()].find((t) => t.info.sid === trackSid);
    if (!track || track.info.muted === muted) return false;
    track.info.muted = muted;
    return true;
  }

  /**
   * Dynacast: tells the client which simulcast layers of `track` anyone receives, so it stops
   * encoding the rest (clients with `dynacast: true` act on it); `dynacastUpdate` decides when.
   */
  announceQualities(track: PublishedTrack, mayDisable: boolean): void {
    if (track.kind !== 'video' || !track.info.simulcast || this.closed) return;
    const update = dynacastUpdate(track.announcedQualities, track.wantedQualities(), mayDisable);
    if (update === null) return;
    track.announcedQualities = update;
    const qualities = qualitySwitches(update).map((switched) => new SubscribedQuality(switched));
    this.hooks.signal({
      case: 'subscribedQualityUpdate',
      value: new SubscribedQualityUpdate({
        trackSid: track.info.sid,
        subscribedQualities: qualities,
        subscribedCodecs: [new SubscribedCodec({ codec: 'vp8', qualities })],
      }),
    });
  }

  /** The periodic dynacast refresh, the only time layers are switched off. */
  refreshQualities(): void {
    for (const track of this.tracks.values()) this.announceQualities(track, true);
  }

  /**
   * The worst upstream loss on what this client publishes since the last call, 0..1; watched video
   * that stopped arriving counts as 0.2 (with dynacast, unwatched video is silent on purpose).
   */
  takeWorstLoss(): number {
    let worst = 0;
    for (const track of this.tracks.values()) {
      const loss = track.takeLoss();
      if (track.info.muted) continue;
      if (loss === null) {
        if (track.kind === 'video' && track.wantedQualities().length > 0) worst = Math.max(worst, 0.2);
        continue;
      }
      worst = Math.max(worst, loss);
    }
    return worst;
  }

  /** Mean mic level since the last call, or null when no unmuted audio track is published. */
  takeAudioLevel(): number | null {
    let level: number | null = null;
    for (const track of this.tracks.values()) {
      if (track.kind !== 'audio' || track.info.muted) continue;
      level = Math.max(level ?? 0, track.takeAudioLevel());
    }
    return level;
  }

  private onDataChannel(channel: RTCDataChannel): void {
    const reliable = channel.label === '_reliable';
    if (!reliable && channel.label !== '_lossy') return;
    this.hooks.channel(channel, reliable);
    channel.onMessage.subscribe((data) => {
      if (typeof data === 'string' || !this.permission.canPublishData) return;
      let packet: DataPacket;
      try {
        packet = DataPacket.fromBinary(data);
      } catch {
        this.context.log('warn', 'malformed data packet dropped');
        return;
      }
      this.hooks.data(packet, reliable);
    });
  }

  close(): void {
    this.closed = true;
    for (const track of this.tracks.values()) track.close();
    this.connection.close().catch(() => {});
  }
}
