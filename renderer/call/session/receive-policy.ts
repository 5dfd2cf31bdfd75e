import { RoomEvent, Track, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication, type Room } from 'livekit-client';
import { defenceOn, TypedEvents } from '../../e2ee';
import { markOnce } from './timing';

/**
 * Which remote publications this client receives, and which may reach a <video>/<audio> sink.
 *
 * Received (subscribed): audio from everyone, video only for participants whose tile is on screen, so a 100-person
 * call costs what the visible page costs. In an end-to-end encrypted call only publications the server marks
 * encrypted, from members who completed the handshake.
 *
 * Rendered: only publications this client asked for, and in an encrypted call only if marked encrypted and from a
 * member that is verified and has given us a key. The server can push a track nobody asked for (livekit-client
 * attaches it and reports it subscribed); such a track is unsubscribed and detached, never played.
 *
 * In an encrypted call, a publication marked `encryption: NONE` is a security problem whoever it comes from: our
 * clients never publish unencrypted there, so either the server lies or that participant's client was changed. The
 * participant is flagged for the rest of the call: none of its tracks is received or rendered, and the UI names it.
 */

/** What the policy needs to know about trust; null in a call created without end-to-end encryption. */
export interface TrustView {
  /** Completed the handshake: its encrypted tracks may be received (they stay undecryptable until its key is here). */
  isVerified(identity: string): boolean;
  /** Verified and has given us a key: its encrypted tracks may be rendered. */
  canRender(identity: string): boolean;
}

export type PolicyRoom = Pick<Room, 'remoteParticipants' | 'on' | 'off'>;

export type FlagReason = 'unencrypted-track';

/**
 * Where tiles are drawn: the call's own view (grid, focus and filmstrip) and the mini window. Video is received for
 * the participants on screen in either, so the mini window's speaker stays received whatever page the grid is on.
 */
export type CallView = 'main' | 'mini';

export enum ReceivePolicyEvent {
  Changed = 'changed',
  Flagged = 'flagged',
  Unsolicited = 'unsolicited',
}

export type ReceivePolicyCallbacks = {
  /** What may be received or rendered changed: views re-check `mayRender`. */
  [ReceivePolicyEvent.Changed]: () => void;
  [ReceivePolicyEvent.Flagged]: (identity: string, reason: FlagReason) => void;
  /** The server pushed a track this client never asked for; it was stopped. */
  [ReceivePolicyEvent.Unsolicited]: (identity: string, trackSid: string) => void;
};

export interface PublicationLike {
  trackSid: string;
  kind: Track.Kind;
  isEncrypted: boolean;
}

const WATCHED = [
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.Reconnected,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
] as const;

export class ReceivePolicy extends TypedEvents<ReceivePolicyCallbacks> {
  private readonly asked = new Set<string>();
  private readonly flagged = new Map<string, FlagReason>();
  private readonly visibleIn = new Map<CallView, ReadonlySet<string>>();
  private videoReceived = true;
  private version = 0;
  private readonly renderListeners = new Set<() => void>();

  constructor(
    private readonly room: PolicyRoom,
    private readonly trust: TrustView | null,
  ) {
    super();
    for (const event of WATCHED) room.on(event, this.apply);
    room.on(RoomEvent.TrackSubscribed, this.onSubscribed);
    this.apply();
  }

  /** The participants whose tiles are on screen now in one view. */
  setVisible(identities: Iterable<string>, view: CallView = 'main'): void {
    this.visibleIn.set(view, new Set(identities));
    this.apply();
  }

  /** Audio-only mode (the effects menu): no video is received from anyone while false. */
  setVideoReceived(received: boolean): void {
    this.videoReceived = received;
    this.apply();
  }

  /** Trust changed (verified, unverified, key received): re-evaluate. */
  refresh(): void {
    this.apply();
  }

  /** Whether this publication's track may be attached to a sink. Call on every render; subscribe to `Changed`. */
  mayRender(identity: string, publication: PublicationLike): boolean {
    if (!this.trust) return !defenceOn('sink-guard') || this.asked.has(publication.trackSid);
    if (!defenceOn('sink-guard')) {
      // The previous rule: video of trusted members; any audio the SDK attached.
      return publication.kind === Track.Kind.Audio || this.trust.canRender(identity);
    }
    return this.asked.has(publication.trackSid) && !this.flagged.has(identity) && publication.isEncrypted && this.trust.canRender(identity);
  }

  flaggedParticipants(): ReadonlyMap<string, FlagReason> {
    return this.flagged;
  }

  /** For `useSyncExternalStore`: a number that changes whenever `mayRender` may answer differently. */
  readonly getVersion = (): number => this.version;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.renderListeners.add(listener);
    return () => this.renderListeners.delete(listener);
  };

  stop(): void {
    for (const event of WATCHED) this.room.off(event, this.apply);
    this.room.off(RoomEvent.TrackSubscribed, this.onSubscribed);
    this.renderListeners.clear();
  }

  private wanted(identity: string, publication: PublicationLike): boolean {
    const onScreen =
      publication.kind === Track.Kind.Audio || (this.videoReceived && [...this.visibleIn.values()].some((visible) => visible.has(identity)));
    if (!onScreen) return false;
    if (!this.trust) return true;
    // Subscribed on verification, so the subscription's negotiation and first key frame overlap the wait for the
    // member's key (its first frames may arrive before the key and are dropped undecrypted; nothing renders them).
    if (!defenceOn('sink-guard')) return publication.isEncrypted && this.trust.canRender(identity);
    return !this.flagged.has(identity) && publication.isEncrypted && this.trust.isVerified(identity);
  }

  private readonly apply = (): void => {
    let changed = false;
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (this.trust && !publication.isEncrypted && defenceOn('sink-guard')) changed = this.flag(participant.identity) || changed;
      }
    }
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        const wanted = this.wanted(participant.identity, publication);
        if (wanted === this.asked.has(publication.trackSid)) continue;
        if (wanted) this.asked.add(publication.trackSid);
        else this.asked.delete(publication.trackSid);
        publication.setSubscribed(wanted);
        changed = true;
      }
    }
    // Trust can change what renders without changing what is subscribed (a key arriving), so views always re-check.
    this.bump();
    if (changed) this.emit(ReceivePolicyEvent.Changed);
  };

  private flag(identity: string): boolean {
    if (this.flagged.has(identity)) return false;
    this.flagged.set(identity, 'unencrypted-track');
    this.emit(ReceivePolicyEvent.Flagged, identity, 'unencrypted-track');
    return true;
  }

  private readonly onSubscribed = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
    if (this.asked.has(publication.trackSid) || !defenceOn('sink-guard')) {
      markOnce(`subscribed-${publication.kind}`);
      this.apply();
      return;
    }
    // Pushed by the server without a request from us: stop it here, before any sink sees it.
    track.detach();
    publication.setSubscribed(false);
    this.emit(ReceivePolicyEvent.Unsolicited, participant.identity, publication.trackSid);
    this.apply();
  };

  private bump(): void {
    this.version += 1;
    for (const listener of this.renderListeners) listener();
  }
}
