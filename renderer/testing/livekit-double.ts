/**
 * One test double of livekit-client's `Room` for every renderer unit test: participants, publications, events, data
 * packets routed between rooms by a `FakeSfu`, and the hostile things a server can do (publish on anyone's behalf,
 * push a subscription, drop the connection). It implements only what Sealroom uses, and is cast to `Room` at the
 * boundary (`asRoom`). Plain TypeScript, no test framework.
 */
import { ConnectionState, DisconnectReason, RoomEvent, Track, type Room, type RoomOptions } from 'livekit-client';

type Listener = (...args: never[]) => void;

export interface PublishedData {
  from: string;
  bytes: Uint8Array;
  options: { reliable?: boolean; destinationIdentities?: string[]; topic?: string };
}

export class FakeTrack {
  readonly detached: unknown[] = [];
  detach(): unknown[] {
    this.detached.push(true);
    return [];
  }
}

/** A remote publication as the SDK shows it; `isEncrypted` is whatever the server claims. */
export class FakePublication {
  subscribed = false;
  track: FakeTrack | null = null;
  readonly requests: boolean[] = [];

  constructor(
    readonly trackSid: string,
    readonly kind: Track.Kind,
    public isEncrypted: boolean,
    readonly source: Track.Source = kind === Track.Kind.Audio ? Track.Source.Microphone : Track.Source.Camera,
  ) {}

  get isDesired(): boolean {
    return this.subscribed;
  }

  get isSubscribed(): boolean {
    return this.subscribed && this.track !== null;
  }

  setSubscribed(subscribed: boolean): void {
    this.subscribed = subscribed;
    this.requests.push(subscribed);
  }
}

export class FakeRemoteParticipant {
  readonly trackPublications = new Map<string, FakePublication>();
  constructor(
    readonly identity: string,
    readonly name = '',
  ) {}
}

export class FakeLocalParticipant {
  identity = '';
  cameraEnabled = false;
  microphoneEnabled = false;
  cameraError: Error | null = null;
  /** What this participant publishes (the call's effects look here); nothing unless a test adds to it. */
  readonly trackPublications = new Map<string, unknown>();

  constructor(private readonly room: FakeRoom) {}

  async publishData(bytes: Uint8Array, options: PublishedData['options']): Promise<void> {
    this.room.sfu?.route(this.room, { from: this.identity, bytes: new Uint8Array(bytes), options });
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (this.cameraError) throw this.cameraError;
    this.cameraEnabled = enabled;
  }

  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    this.microphoneEnabled = enabled;
  }
}

export class FakeRoom {
  readonly listeners = new Map<string, Set<Listener>>();
  readonly remoteParticipants = new Map<string, FakeRemoteParticipant>();
  readonly localParticipant = new FakeLocalParticipant(this);
  state = ConnectionState.Disconnected;
  e2eeEnabled = false;
  connectedWith: { url: string; token: string; options: unknown } | null = null;
  disconnects = 0;
  /** Set by `FakeSfu.connect`; the double routes data only through it. */
  sfu: FakeSfu | null = null;
  /** What `connect` does: succeed (default) or throw. */
  connectError: Error | null = null;

  constructor(readonly options: RoomOptions = {}) {}

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  /** When set, `connect` stops after signalling (SignalConnected) until it resolves: ICE and DTLS still under way. */
  transportsUp: Promise<void> | null = null;

  async connect(url: string, token: string, options?: unknown): Promise<void> {
    if (this.connectError) throw this.connectError;
    this.connectedWith = { url, token, options };
    this.sfu?.admit(this);
    this.emit(RoomEvent.SignalConnected);
    if (this.transportsUp) await this.transportsUp;
    this.state = ConnectionState.Connected;
  }

  async disconnect(): Promise<void> {
    if (this.state === ConnectionState.Disconnected) return;
    this.disconnects += 1;
    this.state = ConnectionState.Disconnected;
    this.sfu?.remove(this);
    this.emit(RoomEvent.Disconnected, DisconnectReason.CLIENT_INITIATED);
  }

  async setE2EEEnabled(enabled: boolean): Promise<void> {
    this.e2eeEnabled = enabled;
  }

  asRoom(): Room {
    return this as unknown as Room;
  }
}

/**
 * Connects fake rooms: everyone admitted sees everyone else, data packets are routed by their destinations, and the
 * test can act as the server (publish a track for anyone, push a subscription, tell one room something).
 */
export class FakeSfu {
  readonly rooms = new Map<string, FakeRoom>();
  readonly published: PublishedData[] = [];
  /** Identities whose incoming data packets the server drops (a stalled or hostile path). */
  readonly dropDataTo = new Set<string>();
  private nextIdentity = 1;

  /** A room the session under test creates: joining it gives it a fresh identity, as the token service does. */
  createRoom = (options: RoomOptions): Room => {
    const room = new FakeRoom(options);
    room.sfu = this;
    return room.asRoom();
  };

  admit(room: FakeRoom): void {
    room.localParticipant.identity ||= `member-${this.nextIdentity++}`;
    for (const other of this.rooms.values()) {
      const identity = other.localParticipant.identity;
      room.remoteParticipants.set(identity, new FakeRemoteParticipant(identity));
      const participant = new FakeRemoteParticipant(room.localParticipant.identity);
      other.remoteParticipants.set(participant.identity, participant);
      other.emit(RoomEvent.ParticipantConnected, participant);
    }
    this.rooms.set(room.localParticipant.identity, room);
  }

  remove(room: FakeRoom): void {
    const identity = room.localParticipant.identity;
    this.rooms.delete(identity);
    for (const other of this.rooms.values()) {
      const participant = other.remoteParticipants.get(identity);
      if (!participant) continue;
      other.remoteParticipants.delete(identity);
      other.emit(RoomEvent.ParticipantDisconnected, participant);
    }
  }

  route(from: FakeRoom, packet: PublishedData): void {
    this.published.push(packet);
    const targets = packet.options.destinationIdentities?.length ? packet.options.destinationIdentities : [...this.rooms.keys()];
    for (const target of targets) {
      if (target === packet.from || this.dropDataTo.has(target)) continue;
      const room = this.rooms.get(target);
      const sender = room?.remoteParticipants.get(from.localParticipant.identity);
      room?.emit(RoomEvent.DataReceived, packet.bytes, sender, 0, packet.options.topic);
    }
  }

  /** The server announces a publication of `owner` to `viewer` (with whatever encryption marking it likes). */
  publish(viewer: FakeRoom, owner: string, publication: FakePublication): void {
    const participant = viewer.remoteParticipants.get(owner);
    if (!participant) throw new Error(`${viewer.localParticipant.identity} does not know ${owner}`);
    participant.trackPublications.set(publication.trackSid, publication);
    viewer.emit(RoomEvent.TrackPublished, publication, participant);
  }

  /** The server delivers a track to `viewer` (asked for or not). */
  deliverTrack(viewer: FakeRoom, owner: string, trackSid: string): FakeTrack {
    const participant = viewer.remoteParticipants.get(owner)!;
    const publication = participant.trackPublications.get(trackSid)!;
    const track = new FakeTrack();
    publication.track = track;
    viewer.emit(RoomEvent.TrackSubscribed, track, publication, participant);
    return track;
  }

  room(identity: string): FakeRoom {
    const room = this.rooms.get(identity);
    if (!room) throw new Error(`no room for ${identity}`);
    return room;
  }
}

/** A stand-in for livekit-client's E2EE worker: records what the SDK would have posted to it. */
export class FakeWorker {
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  asWorker(): Worker {
    return this as unknown as Worker;
  }
}
