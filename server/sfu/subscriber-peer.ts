import { SessionDescription } from '@livekit/protocol';
import type { RTCPeerConnection } from 'werift';
import { describe } from '../describe';
import type { DownTrack } from './down-track';
import { Downstream, type DownstreamHooks } from './downstream';
import { openPeerConnection, subscriberConfig, withAllowedCandidates, type ParticipantContext } from './peer-config';
import type { PublishedTrack } from './published-track';
import { keepBundledSectionsOpen } from './sdp';
import { UntilAnswered } from './until-answered';
import { startRestartedIce } from './werift-internals';

/**
 * How long a change waits for others to share its offer. A joiner asks for a member's audio and video a millisecond
 * apart; a member asks for a newly verified joiner's video ≈ 25 ms after its audio (once the tile has rendered and
 * is seen on screen). LiveKit's server spaces its offers 10-150 ms apart.
 */
const COALESCE_MS = 30;

/**
 * The legacy path's (`/rtc`) connection a client receives on (the server offers; primary): a sendonly section per
 * subscribed track, and the server's own `_reliable` / `_lossy` data channels out.
 */
export class SubscriberPeer extends Downstream {
  readonly connection: RTCPeerConnection;
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
  private coalescing: ReturnType<typeof setTimeout> | null = null;
  private renegotiateAfterAnswer = false;
  /** The client's subscriber connection failed: the next offer restarts ICE. */
  private restartIce = false;

  constructor(context: ParticipantContext, hooks: DownstreamHooks) {
    super(context, hooks);
    this.connection = openPeerConnection(context, subscriberConfig(context.network));
    this.connection.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        this.restartFromKeyFrames();
        hooks.connected();
      }
      if (state === 'failed') hooks.failed();
    });
    this.data.use(this.connection.createDataChannel('_reliable', { ordered: true }), true);
    this.data.use(this.connection.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 }), false);
  }

  get isDown(): boolean {
    const state = this.connection.connectionState;
    return state === 'failed' || state === 'disconnected' || state === 'closed';
  }

  /** Adds a section sending `track`, reusing a retired one of its kind. */
  add(publisherSid: string, track: PublishedTrack, negotiate: boolean): void {
    if (this.closed || this.subscriptions.has(track.info.sid)) return;
    const previous = this.takeReusable(track.kind);
    const transceiver = previous?.transceiver ?? this.connection.addTransceiver(track.kind, { direction: 'sendonly' });
    const { down } = this.bindSection(publisherSid, track, transceiver, previous);
    this.binding.add(down);
    if (negotiate) this.negotiateSoon();
  }

  start(): Promise<void> {
    return this.negotiate();
  }

  protected renegotiate(): void {
    this.negotiateSoon();
  }

  /** Changes asked for together share one offer: an offer for the first alone holds the next back a whole round. */
  private negotiateSoon(): void {
    if (this.coalescing !== null || this.closed) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      void this.negotiate();
    }, COALESCE_MS);
  }

  /** Offers the current sections; one offer at a time, and a change made meanwhile offers again after the answer. */
  async negotiate(): Promise<void> {
    if (this.closed) return;
    if (this.offerInFlight) {
      this.renegotiateAfterAnswer = true;
      return;
    }
    this.offerInFlight = true;
    this.renegotiateAfterAnswer = false;
    const iceRestart = this.restartIce;
    this.restartIce = false;
    try {
      this.retiring.offered();
      this.binding.offered();
      const offer = await this.connection.createOffer({ iceRestart });
      await this.connection.setLocalDescription(offer);
      const local = this.connection.localDescription;
      if (!local || this.closed) return;
      this.pendingOffer = new SessionDescription({
        type: 'offer',
        sdp: withAllowedCandidates(this.context.network, keepBundledSectionsOpen(local.sdp)),
        id: ++this.offerId,
        midToTrackId: this.midToTrackId(),
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
    if (this.renegotiateAfterAnswer) await this.negotiate();
  }

  /**
   * The client resumed its signalling: the offer it has not answered is sent again (lost with the old socket, or
   * answered there too late; a second answer to it is ignored). `restartIce`: its subscriber connection failed.
   */
  resume(restartIce: boolean): void {
    if (restartIce) this.restartIce = true;
    if (this.pendingOffer) {
      this.hooks.signal({ case: 'offer', value: this.pendingOffer });
      if (restartIce) this.renegotiateAfterAnswer = true;
    } else if (restartIce) {
      void this.negotiate();
    }
  }

  override close(): void {
    if (this.coalescing !== null) clearTimeout(this.coalescing);
    this.coalescing = null;
    super.close();
    this.connection.close().catch(() => {});
  }
}
