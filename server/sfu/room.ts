import { DataPacket, DataPacket_Kind, UserPacket } from '@livekit/protocol';
import { Codec, ConnectionQuality, ConnectionQualityInfo, ConnectionQualityUpdate, DisconnectReason, ParticipantUpdate, Room as RoomInfo, SpeakerInfo, SpeakersChanged } from '@livekit/protocol';
import type { ParticipantInfo } from '@livekit/protocol';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { DataDelivery, HostileHooks } from './hostile-hooks';
import type { Participant, ParticipantRoom } from './participant';
import { PING_TIMEOUT_MS } from './signalling-session';
import type { PublishedTrack } from './published-track';

const SPEAKER_INTERVAL_MS = 300;
/** Mean amplitude above which a participant counts as speaking (about -40 dBov). */
const SPEAKING_THRESHOLD = 0.01;
const LAYER_REFRESH_MS = 1000;
const QUALITY_INTERVAL_MS = 2000;
const MAX_DEPARTURES_KEPT = 200;

export interface RoomOptions {
  maxParticipants: number;
  /** When the room was opened (the server's clock, which tests step). */
  createdAtMs: number;
  maxCallDurationMs: number;
  resumeGraceMs: number;
  log: Logger;
  onEmpty(room: Room): void;
  /** Tests only: the hostile-server bench (hostile-hooks.ts). */
  hostile?: HostileHooks | null;
}

/** A call: its participants, who receives whose tracks, speaker detection and the call-length limit. */
export class Room implements ParticipantRoom {
  readonly sid = newId('RM_');
  readonly name: string;
  readonly createdAtMs: number;
  readonly participants = new Map<string, Participant>();
  readonly resumeGraceMs: number;
  /** Departures a resuming client may not have heard of: its old socket may have been dead up to the ping timeout. */
  private readonly departuresKeptMs: number;
  /** The quality last reported for each participant, and who has had a first full report. */
  private readonly reportedQuality = new WeakMap<Participant, ConnectionQuality>();
  private readonly toldQuality = new WeakSet<Participant>();
  private readonly timers: NodeJS.Timeout[] = [];
  private departures: { info: ParticipantInfo; at: number }[] = [];
  /** Who counted as speaking at the last detection. */
  private readonly speaking = new WeakSet<Participant>();
  private closed = false;

  constructor(
    name: string,
    private readonly options: RoomOptions,
  ) {
    this.name = name;
    this.createdAtMs = options.createdAtMs;
    this.resumeGraceMs = options.resumeGraceMs;
    this.departuresKeptMs = PING_TIMEOUT_MS + options.resumeGraceMs;
    const endCall = setTimeout(() => this.close(DisconnectReason.ROOM_CLOSED, 'call reached its time limit'), options.maxCallDurationMs);
    this.timers.push(endCall);
    this.timers.push(setInterval(() => this.detectSpeakers(), SPEAKER_INTERVAL_MS));
    this.timers.push(setInterval(() => this.refreshLayers(), LAYER_REFRESH_MS));
    this.timers.push(setInterval(() => this.reportQuality(), QUALITY_INTERVAL_MS));
    for (const timer of this.timers) timer.unref();
  }

  get maxParticipants(): number {
    return this.options.maxParticipants;
  }

  get isFull(): boolean {
    return this.participants.size >= this.options.maxParticipants;
  }

  roomInfo(): RoomInfo {
    return new RoomInfo({
      sid: this.sid,
      name: this.name,
      emptyTimeout: 0,
      maxParticipants: this.options.maxParticipants,
      creationTime: BigInt(Math.floor(this.createdAtMs / 1000)),
      creationTimeMs: BigInt(this.createdAtMs),
      enabledCodecs: [new Codec({ mime: 'video/VP8' }), new Codec({ mime: 'audio/opus' })],
      numParticipants: this.participants.size,
      numPublishers: [...this.participants.values()].filter((p) => p.tracks.size > 0).length,
    });
  }

  others(of: Participant): Participant[] {
    return [...this.participants.values()].filter((p) => p !== of);
  }

  /**
   * Adds a participant, replacing one with the same identity (a rejoin after a lost connection). The newcomer is in
   * the room before the one it replaces leaves: a room whose only member rejoins never looks empty, so it is neither
   * closed nor dropped from the server's map while she is in it.
   */
  async join(participant: Participant): Promise<void> {
    const previous = this.participants.get(participant.identity);
    this.participants.set(participant.identity, participant);
    if (previous) {
      previous.signalling.sendLeave(DisconnectReason.DUPLICATE_IDENTITY);
      this.remove(previous, 'replaced by a new connection with the same identity');
    }
    this.options.log('info', 'participant joined', {
      room: this.sid,
      participant: participant.sid,
      count: this.participants.size,
      signalling: participant.singlePeerConnection ? '/rtc/v1' : '/rtc',
    });
    await participant.start();
    this.participantChanged(participant);
  }

  leave(participant: Participant, reason: string): void {
    if (this.participants.get(participant.identity) !== participant) {
      participant.close();
      return;
    }
    this.participants.delete(participant.identity);
    this.remove(participant, reason);
    if (this.participants.size === 0 && !this.closed) {
      this.closed = true;
      this.stopTimers();
      this.options.onEmpty(this);
    }
  }

  /** Ends a participant that is no longer in `participants`: nobody receives its tracks, everyone hears it left. */
  private remove(participant: Participant, reason: string): void {
    for (const track of participant.tracks.values()) {
      for (const other of this.participants.values()) other.unsubscribe(track.info.sid);
    }
    participant.close();
    this.options.log('info', 'participant left', { room: this.sid, participant: participant.sid, reason, count: this.participants.size });
    this.broadcastUpdate(participant);
    const now = Date.now();
    this.departures = [...this.departures.filter((d) => now - d.at < this.departuresKeptMs), { info: participant.info(), at: now }].slice(-MAX_DEPARTURES_KEPT);
  }

  recentDepartures(): ParticipantInfo[] {
    const now = Date.now();
    // not someone who has since come back: livekit-client removes a participant by identity
    return this.departures.filter((d) => now - d.at < this.departuresKeptMs && !this.participants.has(d.info.identity)).map((d) => d.info);
  }

  participantChanged(participant: Participant): void {
    this.broadcastUpdate(participant);
  }

  /**
   * Tells everyone else about `subject`. Never the connection with its identity: that is `subject` itself, or the one
   * replacing it, whose client would take the replaced participant's info (its sid among it) for its own.
   */
  private broadcastUpdate(subject: Participant): void {
    const info = subject.info();
    for (const other of this.participants.values()) {
      if (other.identity === subject.identity) continue;
      other.signalling.send({ case: 'update', value: new ParticipantUpdate({ participants: [info] }) });
    }
  }

  trackPublished(owner: Participant, track: PublishedTrack): void {
    for (const other of this.participants.values()) {
      if (other !== owner && other.autoSubscribe) other.subscribe(owner, track, true);
    }
  }

  trackUnpublished(_owner: Participant, track: PublishedTrack): void {
    for (const other of this.participants.values()) other.unsubscribe(track.info.sid);
  }

  findTrack(trackSid: string): { owner: Participant; track: PublishedTrack } | undefined {
    for (const owner of this.participants.values()) {
      const track = owner.tracks.get(trackSid);
      if (track) return { owner, track };
    }
    return undefined;
  }

  /** Forwards a data packet, stamped with its sender, to its destinations or to everyone else. */
  routeData(from: Participant, packet: DataPacket, reliable: boolean): void {
    if (packet.value.case === 'speaker') return;
    packet.participantIdentity = from.identity;
    packet.participantSid = from.sid;
    if (packet.value.case === 'user') packet.value.value.participantIdentity = from.identity;
    // livekit-client puts destinations inside the user packet; other kinds use the outer field
    const destinations = [
      ...packet.destinationIdentities,
      ...(packet.value.case === 'user' ? packet.value.value.destinationIdentities : []),
    ];
    packet.destinationIdentities = [];
    const hostile = this.options.hostile?.data;
    if (hostile) {
      // The bench sees every addressee, even one that is not in the room (a participant it made up).
      const recipients = destinations.length > 0 ? destinations : [...this.participants.keys()];
      for (const to of recipients) {
        if (to === from.identity) continue;
        for (const delivery of hostile({ from: from.identity, to, packet: packet.clone(), reliable })) this.deliver(delivery);
      }
      return;
    }
    const bytes = packet.toBinary();
    for (const other of this.participants.values()) {
      if (other === from) continue;
      if (destinations.length > 0 && !destinations.includes(other.identity)) continue;
      other.sendData(bytes, reliable);
    }
  }

  /** Hostile-server bench: hands a data packet to `delivery.to`, stamped as sent by `delivery.from` (which may be a lie). */
  deliver(delivery: DataDelivery): void {
    const target = this.participants.get(delivery.to);
    if (!target) return;
    const packet = delivery.packet.clone();
    packet.participantIdentity = delivery.from;
    packet.participantSid = this.participants.get(delivery.from)?.sid ?? '';
    if (packet.value.case === 'user') {
      packet.value.value.participantIdentity = delivery.from;
      packet.value.value.destinationIdentities = [];
    }
    target.sendData(packet.toBinary(), delivery.reliable);
  }

  /** Hostile-server bench: a reliable user packet as if `from` had sent it. */
  static userPacket(payload: Uint8Array, topic: string): DataPacket {
    return new DataPacket({ kind: DataPacket_Kind.RELIABLE, value: { case: 'user', value: new UserPacket({ payload, topic }) } });
  }

  private detectSpeakers(): void {
    const changed: SpeakerInfo[] = [];
    for (const participant of this.participants.values()) {
      const level = participant.takeAudioLevel() ?? 0;
      const active = level > SPEAKING_THRESHOLD;
      if (active === this.speaking.has(participant)) continue;
      if (active) this.speaking.add(participant);
      else this.speaking.delete(participant);
      changed.push(new SpeakerInfo({ sid: participant.sid, level: active ? Math.min(1, level * 4) : 0, active }));
    }
    if (changed.length === 0) return;
    for (const participant of this.participants.values()) {
      participant.signalling.send({ case: 'speakersChanged', value: new SpeakersChanged({ speakers: changed }) });
    }
  }

  /**
   * Connection quality, every few seconds as LiveKit does: a participant's first report has everyone's, later ones only
   * the qualities that changed (none: no message). Everyone's to everyone each time was n² entries every 2 s, and in a
   * room of about 95 the SDKs' processing of them starved new joins (rtc-node bots in one process timed out).
   */
  private reportQuality(): void {
    if (this.participants.size === 0) return;
    const all: ConnectionQualityInfo[] = [];
    const changed: ConnectionQualityInfo[] = [];
    for (const participant of this.participants.values()) {
      const quality = participant.connectionQuality();
      const score = quality === ConnectionQuality.EXCELLENT ? 5 : quality === ConnectionQuality.GOOD ? 3.5 : quality === ConnectionQuality.POOR ? 2 : 0;
      const info = new ConnectionQualityInfo({ participantSid: participant.sid, quality, score });
      all.push(info);
      if (this.reportedQuality.get(participant) !== quality) changed.push(info);
      this.reportedQuality.set(participant, quality);
    }
    for (const participant of this.participants.values()) {
      const updates = this.toldQuality.has(participant) ? changed : all;
      this.toldQuality.add(participant);
      if (updates.length > 0) participant.signalling.send({ case: 'connectionQuality', value: new ConnectionQualityUpdate({ updates }) });
    }
  }

  private refreshLayers(): void {
    for (const participant of this.participants.values()) participant.refreshLayers();
  }

  /** Ends the call for everyone with a reason the client shows. */
  close(reason: DisconnectReason, why: string): void {
    this.options.log('info', 'room closing', { room: this.sid, reason: why });
    for (const participant of [...this.participants.values()]) {
      participant.signalling.sendLeave(reason);
      this.leave(participant, why);
    }
    this.stopTimers();
    if (!this.closed) {
      this.closed = true;
      this.options.onEmpty(this);
    }
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
