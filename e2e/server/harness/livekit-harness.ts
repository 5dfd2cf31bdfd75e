/**
 * Drives livekit-client in a page without the app: bundled to an IIFE at test time and exposed as
 * `window.harness`. Each call returns plain JSON so Playwright can read it.
 */
import {
  ExternalE2EEKeyProvider,
  LocalAudioTrack,
  LocalVideoTrack,
  type RoomOptions,
  type RemoteTrack,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteParticipant,
  type RemoteTrackPublication,
} from 'livekit-client';
import { SealroomKeyProvider } from '../../../renderer/e2ee/sealroom-key-provider';

interface ConnectOptions {
  publish?: boolean;
  attach?: boolean;
  /**
   * `key`: one shared passphrase (livekit-client's ExternalE2EEKeyProvider). `senderKeys`: per-sender key material
   * installed the way the Sealroom app installs it, at the given key indices.
   */
  e2ee?: { workerSource: string; key?: string; senderKeys?: { identity: string; keyIndex: number; key: string }[] };
  app?: boolean;
  /** Subscribe to everything the server offers (default: true, except with `app`). */
  autoSubscribe?: boolean;
}

interface TrackStats {
  participant: string;
  source: string;
  kind: string;
  muted: boolean;
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
  detail: string;
}

/**
 * Which signalling path livekit-client takes, set by the test before this script loads (`openHarness`): `v1`
 * (its default, one peer connection) or `v0` (`singlePeerConnection: false`, the legacy pair).
 */
const singlePeerConnection = (window as unknown as { __signalPath?: string }).__signalPath !== 'v0';
let room = new Room({ singlePeerConnection });
const received: { from: string; text: string; topic: string | undefined }[] = [];
/** Packets of a `burst`, with when they were sent (in the text) and when they arrived (Date.now(), same machine). */
const burstsReceived: { from: string; index: number; sentAt: number; at: number }[] = [];
/** Armed by `burstInReply`: the first participant whose burst arrives gets one back at once (as a handshake answers). */
let replyBurst: { count: number; gapMs: number } | null = null;
const events: string[] = [];
/** The same events with when they happened (Date.now(), comparable with the test process's clock). */
const timedEvents: { event: string; at: number }[] = [];
/** When each remote participant's video presented a frame (Date.now()), for gap and recovery measurements. */
const frameTimes = new Map<string, number[]>();
const MAX_FRAME_TIMES = 20_000;

function note(event: string): void {
  events.push(event);
  timedEvents.push({ event, at: Date.now() });
}

/** Notes every frame `element` presents as a frame of `identity`. */
function watchFrames(element: HTMLVideoElement, identity: string): void {
  const times = frameTimes.get(identity) ?? [];
  frameTimes.set(identity, times);
  const onFrame = () => {
    times.push(Date.now());
    if (times.length > MAX_FRAME_TIMES) times.splice(0, times.length - MAX_FRAME_TIMES);
    element.requestVideoFrameCallback(onFrame);
  };
  element.requestVideoFrameCallback(onFrame);
}
let attachVideo = true;
let firstFrameAt: number | null = null;
let joinStartedAt = 0;
let screenShare: LocalVideoTrack | null = null;
let sealroomKeys: SealroomKeyProvider | null = null;

function listen(target: Room): Room {
  target
  .on(RoomEvent.DataReceived, (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
    const text = new TextDecoder().decode(payload);
    const burst = topic === 'burst' ? /^(\d+):(\d+)$/.exec(text) : null;
    if (burst) {
      burstsReceived.push({ from: participant?.identity ?? '', index: Number(burst[1]), sentAt: Number(burst[2]), at: Date.now() });
      const armed = replyBurst;
      replyBurst = null;
      if (armed && participant) void sendBurst(armed.count, armed.gapMs, [participant.identity]);
    } else received.push({ from: participant?.identity ?? '', text, topic });
  })
  .on(RoomEvent.ParticipantConnected, (p: Participant) => note(`joined:${p.identity}`))
  .on(RoomEvent.ParticipantDisconnected, (p: Participant) => note(`left:${p.identity}`))
  .on(RoomEvent.TrackMuted, (pub, p: Participant) => note(`muted:${p.identity}:${pub.source}`))
  .on(RoomEvent.TrackUnmuted, (pub, p: Participant) => note(`unmuted:${p.identity}:${pub.source}`))
  .on(RoomEvent.TrackUnpublished, (pub, p: Participant) => note(`unpublished:${p.identity}:${pub.source}`))
  .on(RoomEvent.Disconnected, (reason?: unknown) => note(`disconnected:${String(reason)}`))
  .on(RoomEvent.Reconnecting, () => note('reconnecting'))
  .on(RoomEvent.Reconnected, () => note('reconnected'))
  .on(RoomEvent.SignalReconnecting, () => note('signal-reconnecting'))
  .on(RoomEvent.ActiveSpeakersChanged, (speakers: Participant[]) => {
    for (const speaker of speakers) note(`speaking:${speaker.identity}`);
  })
  .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _publication: RemoteTrackPublication, participant: RemoteParticipant) => {
    if (track.kind === Track.Kind.Video && !attachVideo) return;
    const element = track.attach();
    element.muted = track.kind === Track.Kind.Audio ? false : true;
    document.body.append(element);
    if (track.kind === Track.Kind.Video && element instanceof HTMLVideoElement) {
      if (firstFrameAt === null) {
        element.requestVideoFrameCallback(() => {
          firstFrameAt ??= performance.now();
        });
      }
      watchFrames(element, participant.identity);
    }
  });
  return target;
}
listen(room);

async function inbound(track: RemoteTrack): Promise<{ framesDecoded: number; packetsReceived: number; bytesReceived: number; detail: string }> {
  const report = await track.receiver?.getStats();
  const out = { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0, detail: '' };
  report?.forEach((stat: Record<string, unknown>) => {
    if (stat.type !== 'inbound-rtp') return;
    out.framesDecoded += Number(stat.framesDecoded ?? 0);
    out.packetsReceived += Number(stat.packetsReceived ?? 0);
    out.bytesReceived += Number(stat.bytesReceived ?? 0);
    // for failure messages: why frames stopped, if they did
    out.detail = ['framesReceived', 'keyFramesDecoded', 'packetsLost', 'nackCount', 'pliCount', 'freezeCount', 'framesDropped']
      .map((key) => `${key}=${String(stat[key] ?? '-')}`)
      .join(' ');
  });
  return out;
}

/** `count` reliable packets `gapMs` apart, each carrying its index and send time (topic `burst`). */
async function sendBurst(count: number, gapMs: number, destinationIdentities?: string[]): Promise<void> {
  const sending: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const payload = new TextEncoder().encode(`${index}:${Date.now()}`);
    sending.push(room.localParticipant.publishData(payload, { reliable: true, topic: 'burst', ...(destinationIdentities ? { destinationIdentities } : {}) }));
  }
  await Promise.all(sending);
}

const harness = {
  /**
   * Joins (and by default publishes camera and microphone). `app` uses the Sealroom app's room
   * options: adaptive stream, dynacast, simulcast, and autoSubscribe off with explicit subscriptions.
   */
  async connect(url: string, token: string, options: ConnectOptions = {}): Promise<{ identity: string; sid: string }> {
    const { publish = true, attach = true, e2ee, app = false } = options;
    attachVideo = attach;
    const roomOptions: RoomOptions = app
      ? { adaptiveStream: true, dynacast: true, publishDefaults: { simulcast: true }, singlePeerConnection }
      : { singlePeerConnection };
    if (e2ee) {
      const worker = new Worker(URL.createObjectURL(new Blob([e2ee.workerSource], { type: 'text/javascript' })));
      if (e2ee.senderKeys) {
        sealroomKeys = new SealroomKeyProvider();
        roomOptions.e2ee = { keyProvider: sealroomKeys, worker };
        room = listen(new Room(roomOptions));
      } else {
        const keyProvider = new ExternalE2EEKeyProvider();
        roomOptions.encryption = { keyProvider, worker };
        room = listen(new Room(roomOptions));
        await keyProvider.setKey(e2ee.key ?? '');
      }
      await room.setE2EEEnabled(true);
    } else if (app) {
      room = listen(new Room(roomOptions));
    }
    if (app) {
      room.on(RoomEvent.TrackPublished, (publication: RemoteTrackPublication) => publication.setSubscribed(true));
    }
    joinStartedAt = performance.now();
    await room.connect(url, token, { autoSubscribe: options.autoSubscribe ?? !app });
    if (app) {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) publication.setSubscribed(true);
      }
    }
    // After connecting, as the app does: the SDK tells its own key from others' by the local identity.
    if (e2ee?.senderKeys && sealroomKeys) {
      for (const { identity, keyIndex, key } of e2ee.senderKeys) {
        void sealroomKeys.setSenderKey(identity, keyIndex, Uint8Array.from(atob(key), (c) => c.charCodeAt(0)));
      }
      await sealroomKeys.settled();
    }
    if (publish) await room.localParticipant.enableCameraAndMicrophone();
    return { identity: room.localParticipant.identity, sid: room.localParticipant.sid };
  },
  async publishCameraAndMic(): Promise<void> {
    await room.localParticipant.enableCameraAndMicrophone();
  },
  async stats(): Promise<TrackStats[]> {
    const out: TrackStats[] = [];
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        const track = publication.track;
        if (!track) continue;
        out.push({
          participant: participant.identity,
          source: publication.source,
          kind: publication.kind,
          muted: publication.isMuted,
          ...(await inbound(track)),
        });
      }
    }
    return out;
  },
  /** Connection quality per identity, the local participant included ("unknown" until the server reports). */
  connectionQualities(): Record<string, string> {
    const out: Record<string, string> = { [room.localParticipant.identity]: room.localParticipant.connectionQuality };
    for (const participant of room.remoteParticipants.values()) out[participant.identity] = participant.connectionQuality;
    return out;
  },
  remoteIdentities(): string[] {
    return [...room.remoteParticipants.keys()].sort();
  },
  remoteTracks(): { participant: string; source: string; sid: string; encryption: string; muted: boolean }[] {
    return [...room.remoteParticipants.values()].flatMap((p) =>
      [...p.trackPublications.values()].map((pub) => ({
        participant: p.identity,
        source: pub.source,
        sid: pub.trackSid,
        encryption: String(pub.trackInfo?.encryption ?? ''),
        muted: pub.isMuted,
      })),
    );
  },
  async send(text: string, destinationIdentities?: string[]): Promise<void> {
    await room.localParticipant.publishData(new TextEncoder().encode(text), {
      reliable: true,
      topic: 'test',
      ...(destinationIdentities ? { destinationIdentities } : {}),
    });
  },
  received() {
    return received;
  },
  /** Sends a burst now (see sendBurst). */
  burst(count: number, gapMs: number): Promise<void> {
    return sendBurst(count, gapMs);
  },
  /** The first participant whose burst arrives is sent one back at once. */
  burstInReply(count: number, gapMs: number): void {
    replyBurst = { count, gapMs };
  },
  burstsReceived() {
    return burstsReceived;
  },
  events() {
    return events;
  },
  timedEvents() {
    return timedEvents;
  },
  /**
   * The longest stretch between `from` and `to` (Date.now() values) with no video frame from `identity` presented:
   * its length in ms and when it began. The edges count, so no frame at all is the whole window.
   */
  longestFrameGap(identity: string, from: number, to: number): { ms: number; startedAt: number } {
    const inside = (frameTimes.get(identity) ?? []).filter((t) => t >= from && t <= to);
    let longest = { ms: 0, startedAt: from };
    let previous = from;
    for (const t of [...inside, to]) {
      if (t - previous > longest.ms) longest = { ms: t - previous, startedAt: previous };
      previous = t;
    }
    return longest;
  },
  /** The first video frame from `identity` presented at or after `after` (Date.now()), or null. */
  firstFrameAfter(identity: string, after: number): number | null {
    return (frameTimes.get(identity) ?? []).find((t) => t >= after) ?? null;
  },
  async setMicrophone(enabled: boolean): Promise<void> {
    await room.localParticipant.setMicrophoneEnabled(enabled);
  },
  async muteCamera(muted: boolean): Promise<void> {
    const pub = room.localParticipant.getTrackPublication(Track.Source.Camera);
    if (muted) await pub?.mute();
    else await pub?.unmute();
  },
  async unpublishCamera(): Promise<void> {
    const pub = room.localParticipant.getTrackPublication(Track.Source.Camera);
    if (pub?.track) await room.localParticipant.unpublishTrack(pub.track);
  },
  async republishCamera(): Promise<void> {
    await room.localParticipant.setCameraEnabled(true);
  },
  /** A canvas stands in for the screen: getDisplayMedia needs a picker that headless Chromium lacks. */
  async startScreenShare(): Promise<void> {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const context = canvas.getContext('2d');
    let hue = 0;
    setInterval(() => {
      hue = (hue + 7) % 360;
      if (!context) return;
      context.fillStyle = `hsl(${hue} 80% 50%)`;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = '#fff';
      context.fillText(new Date().toISOString(), 20, 40);
    }, 50);
    const [mediaTrack] = canvas.captureStream(20).getVideoTracks();
    if (!mediaTrack) throw new Error('canvas capture gave no track');
    screenShare = new LocalVideoTrack(mediaTrack, undefined, true);
    // default publish options: screen shares are simulcast too, next to a simulcast camera
    await room.localParticipant.publishTrack(screenShare, { source: Track.Source.ScreenShare });
  },
  /**
   * Publishes plaintext media the server can put in place of a member's: a solid-colour camera (one layer) and a
   * 660 Hz tone as the microphone. Used by the hostile-server bench as the attacker's own media.
   */
  async publishPlaintext(color: string): Promise<void> {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d');
    setInterval(() => {
      if (!context) return;
      context.fillStyle = color;
      context.fillRect(0, 0, canvas.width, canvas.height);
    }, 50);
    const [video] = canvas.captureStream(15).getVideoTracks();
    if (!video) throw new Error('canvas capture gave no track');
    await room.localParticipant.publishTrack(new LocalVideoTrack(video, undefined, true), { source: Track.Source.Camera, simulcast: false });
    const audioContext = new AudioContext();
    const oscillator = audioContext.createOscillator();
    oscillator.frequency.value = 660;
    const destination = audioContext.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    const [audio] = destination.stream.getAudioTracks();
    if (!audio) throw new Error('tone gave no track');
    await room.localParticipant.publishTrack(new LocalAudioTrack(audio, undefined, true), { source: Track.Source.Microphone });
  },
  async stopScreenShare(): Promise<void> {
    if (screenShare) await room.localParticipant.unpublishTrack(screenShare);
    screenShare = null;
  },
  /** ms from connect() to the first rendered remote video frame, or null. */
  joinToFirstFrameMs(): number | null {
    return firstFrameAt === null ? null : firstFrameAt - joinStartedAt;
  },
  async connectError(url: string, token: string): Promise<string> {
    try {
      await room.connect(url, token);
      return 'connected';
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  },
  /** Drops the signalling connection as a network blip would (livekit-client's test hook). */
  async dropSignalling(): Promise<void> {
    await room.simulateScenario('signal-reconnect');
  },
  /** A full reconnect (new signalling session and peer connections, same identity), as after a failed resume. */
  async fullReconnect(): Promise<void> {
    await room.simulateScenario('full-reconnect');
  },
  async leave(): Promise<void> {
    await room.disconnect();
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
