import { MediaSectionsRequirement, type SessionDescription } from '@livekit/protocol';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type { DownTrack } from './down-track';
import { Downstream, type DownstreamHooks } from './downstream';
import type { ParticipantContext } from './peer-config';
import type { ReceiveSections } from './publisher-peer';
import type { PublishedTrack } from './published-track';
import { recvonlyMids } from './sdp';

type Kind = 'audio' | 'video';

/**
 * What a client on `/rtc/v1` receives, on its one peer connection (as LiveKit 1.9+ serves it). The client always
 * offers there: it pre-adds recvonly sections (livekit-client: 3 audio, 3 video, and its data channels) and the
 * server answers a subscription on one of them, sendonly with the track's msid and `mid_to_track_id`. When a
 * subscription changes, the server asks for an offer with `media_sections_requirement`, naming how many more sections
 * of each kind it needs (0 and 0 when the ones it has will do); a subscription with no section to go on waits for the
 * offer that brings one. Data goes out on the channels the client opened.
 */
export class SinglePeerDownstream extends Downstream implements ReceiveSections {
  /** Every receive section the client has offered, in offer order. */
  private readonly sections: RTCRtpTransceiver[] = [];
  /** Offered receive sections never used yet. */
  private readonly free: RTCRtpTransceiver[] = [];
  /** Subscriptions waiting for a section (the client was asked for more). */
  private readonly waiting: { publisherSid: string; track: PublishedTrack }[] = [];
  /** Bound since the last answer was made: they forward once an answer carrying them is out. */
  private unannounced: DownTrack[] = [];
  /** In the answer being made: `answered` starts them. */
  private announcing: DownTrack[] = [];
  private answerMidToTrackId: Record<string, string> = {};
  /** A requirement went out and no offer has come since: the next offer covers every change until it. */
  private offerRequested = false;
  /** Sections asked for and not offered yet, per kind. */
  private readonly outstanding: Record<Kind, number> = { audio: 0, video: 0 };

  constructor(
    context: ParticipantContext,
    hooks: DownstreamHooks,
    private readonly connection: RTCPeerConnection,
  ) {
    super(context, hooks);
    connection.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        this.restartFromKeyFrames();
        hooks.connected();
      }
      if (state === 'failed') hooks.failed();
    });
  }

  get isDown(): boolean {
    const state = this.connection.connectionState;
    return state === 'failed' || state === 'disconnected' || state === 'closed';
  }

  add(publisherSid: string, track: PublishedTrack, negotiate: boolean): void {
    if (this.closed || this.subscriptions.has(track.info.sid) || this.waiting.some((w) => w.track === track)) return;
    if (!this.place(publisherSid, track)) this.waiting.push({ publisherSid, track });
    if (negotiate) this.renegotiate();
  }

  override remove(trackSid: string, negotiate: boolean): void {
    const waiting = this.waiting.findIndex((w) => w.track.info.sid === trackSid);
    if (waiting !== -1) this.waiting.splice(waiting, 1);
    super.remove(trackSid, negotiate);
  }

  /** The join's first negotiation is the client's offer (with the join, or right after it). */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** The server never offers on this path: an answer from the client answers nothing. */
  accept(_answer: SessionDescription): Promise<void> {
    return Promise.resolve();
  }

  /** What changed while the client was away reaches it with the offer it makes on resuming (it restarts ICE). */
  resume(_restartIce: boolean): void {
    if (this.waiting.length > 0 || this.unannounced.length > 0) {
      this.offerRequested = false;
      this.renegotiate();
    }
  }

  /** Asks the client to offer, with the sections still missing; one request until that offer arrives. */
  protected renegotiate(): void {
    if (this.closed) return;
    const missing = (kind: Kind) => Math.max(0, this.waiting.filter((w) => w.track.kind === kind).length - this.outstanding[kind]);
    const numAudios = missing('audio');
    const numVideos = missing('video');
    if (this.offerRequested && numAudios + numVideos === 0) return;
    this.outstanding.audio += numAudios;
    this.outstanding.video += numVideos;
    this.offerRequested = true;
    this.hooks.signal({ case: 'mediaSectionsRequirement', value: new MediaSectionsRequirement({ numAudios, numVideos }) });
  }

  shape(offerSdp: string): ReadonlySet<string> {
    this.offerRequested = false;
    // the client offers only after applying the previous answer: sections it showed inactive are free to reuse
    this.reusable.push(...this.retiring.answered());
    const receiving = recvonlyMids(offerSdp);
    for (const transceiver of this.connection.getTransceivers()) {
      if (transceiver.mid === null || !receiving.has(transceiver.mid) || this.sections.includes(transceiver)) continue;
      this.sections.push(transceiver);
      this.free.push(transceiver);
      const kind = transceiver.kind as Kind;
      this.outstanding[kind] = Math.max(0, this.outstanding[kind] - 1);
    }
    for (const next of this.waiting.splice(0)) {
      if (!this.place(next.publisherSid, next.track)) this.waiting.push(next);
    }
    const sending = new Set([...this.subscriptions.values()].map((s) => s.down.transceiver));
    for (const transceiver of this.sections) {
      if (!sending.has(transceiver)) transceiver.setDirection('inactive');
    }
    this.retiring.offered();
    this.announcing = this.unannounced;
    this.unannounced = [];
    this.answerMidToTrackId = super.midToTrackId();
    return new Set(this.sections.map((t) => t.mid).filter((mid): mid is string => mid !== null));
  }

  override midToTrackId(): Record<string, string> {
    return this.answerMidToTrackId;
  }

  answered(): void {
    const announced = this.announcing;
    this.announcing = [];
    for (const down of announced) down.bind();
    if (this.waiting.length > 0 || this.unannounced.length > 0) this.renegotiate();
  }

  /** Binds `track` to a retired section of its kind the client has seen go inactive, else to a fresh one. */
  private place(publisherSid: string, track: PublishedTrack): boolean {
    const previous = this.takeReusable(track.kind);
    const index = previous ? -1 : this.free.findIndex((t) => t.kind === track.kind);
    const transceiver = previous?.transceiver ?? (index === -1 ? undefined : this.free.splice(index, 1)[0]);
    if (!transceiver) return false;
    const { down } = this.bindSection(publisherSid, track, transceiver, previous);
    this.unannounced.push(down);
    return true;
  }
}
