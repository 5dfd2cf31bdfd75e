import { ConnectionState, DisconnectReason, LocalAudioTrack, LocalVideoTrack, RoomEvent, Track, type Room, type RoomOptions } from 'livekit-client';
import type { SealroomBridge } from '../../../shared/bridge';
import type { RoomLink } from '../../../shared/room-link';
import { guardE2eeWorker, requestDecodeCounts, RoomKeys, startE2eeSession, TypedEvents, type DecodeCounts, type E2eeSession, type SealroomKeyProvider } from '../../e2ee';
import { describeMediaError } from '../../devices';
import { cameraCapture, cameraResolution, effectChoicesOf, microphoneProcessing, type EffectChoices } from '../../devices/effects';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { startAwareness, type AwarenessEnv } from '../awareness/call-awareness';
import { CallEffects } from './call-effects';
import { SealroomReconnectPolicy } from './reconnect-policy';
import { waitForTransportsAfterRestart } from './restart-wait';
import type { JoinChoices } from '../join-choices';
import { createE2eeMessenger, createRoomMessenger, startMessaging, type CallActions, type CallMessaging } from './call-messaging';
import { formatRemaining, systemClock, watchCallTimeLimit, type CallClock } from './call-time-limit';
import { describeConnectError, endMessageFor, TIME_LIMIT_MESSAGE } from './end-reasons';
import type { CallFactories } from './factories';
import { ReceivePolicy, ReceivePolicyEvent, type CallView } from './receive-policy';
import { createSessionStores, trustActions, type ReconnectState, type SessionStores } from './session-stores';
import { markOnce } from './timing';
import { trackTrust, warnRefusedWorkerMessage } from './trust-tracker';

/**
 * One call, from Join to its end: owns the `Room`, the E2EE session, messaging, the receive policy and the 24-hour
 * limit, and writes plain state into its own stores for the views. React only draws it (`useCallSession`).
 *
 * In an encrypted call the order matters: the key exchange runs before anything is published (so every frame is
 * encrypted with our key from the first one), and nothing is received from anyone before the policy allows it.
 */

export enum CallSessionEvent {
  Connected = 'connected',
  Ended = 'ended',
}

export type CallSessionCallbacks = {
  [CallSessionEvent.Connected]: (room: Room) => void;
  [CallSessionEvent.Ended]: (message: string) => void;
};

export interface CallSessionOptions {
  link: RoomLink;
  choices: JoinChoices;
  factories: CallFactories;
  bridge: Pick<SealroomBridge, 'setCallActive'>;
  shell: 'electron' | 'web';
  clock?: CallClock;
  /** Sounds, notifications, announcements and the unread badge (renderer/call/awareness); none in unit tests. */
  awareness?: AwarenessEnv;
}

/** The lobby's processing choices, or the settings' defaults. */
export function effectsOf(choices: JoinChoices): EffectChoices {
  return choices.effects ?? effectChoicesOf(DEFAULT_SETTINGS);
}

export function roomOptions(choices: JoinChoices, e2ee: { keyProvider: SealroomKeyProvider; worker: Worker } | null): RoomOptions {
  const effects = effectsOf(choices);
  return {
    // Only video the user can see is received, at the size it is shown.
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: { resolution: cameraResolution(effects.videoMode), ...(choices.cameraDeviceId ? { deviceId: choices.cameraDeviceId } : {}) },
    audioCaptureDefaults: { ...microphoneProcessing(effects), ...(choices.microphoneDeviceId ? { deviceId: choices.microphoneDeviceId } : {}) },
    publishDefaults: { simulcast: true },
    reconnectPolicy: new SealroomReconnectPolicy(),
    // The legacy pair of peer connections (/rtc), which LiveKit serves as well. /rtc/v1 joins faster (bench: E2EE
    // ×1.46 / ×1.12 of an unencrypted join, against ×2.78 / ×2.10 here), but on it a client that joins a running E2EE
    // call sometimes decodes none of a member's frames for a long time (server/README.md, Known gaps).
    singlePeerConnection: false,
    // `e2ee`, not `encryption`: see docs/e2ee.md (key delivery must not depend on already holding a media key).
    ...(e2ee ? { e2ee } : {}),
  };
}

export class CallSession extends TypedEvents<CallSessionCallbacks> {
  readonly link: RoomLink;
  readonly stores: SessionStores;
  readonly startedAt: number;
  private readonly options: CallSessionOptions;
  private readonly clock: CallClock;
  private currentRoom: Room | null = null;
  private e2eeSession: E2eeSession | null = null;
  private receivePolicy: ReceivePolicy | null = null;
  private messaging: CallMessaging | null = null;
  private e2eeWorker: Worker | null = null;
  /** RoomEvent.EncryptionError per participant identity ('' when the SDK names none), for the call statistics. */
  private readonly encryptionErrorCounts = new Map<string, number>();
  private callEffects: CallEffects | null = null;
  private readonly cleanups: (() => void)[] = [];
  private starting: Promise<void> | null = null;
  private finished = false;

  constructor(options: CallSessionOptions) {
    super();
    this.options = options;
    this.link = options.link;
    this.clock = options.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.stores = createSessionStores({ e2ee: options.link.e2ee, localName: options.choices.displayName, effects: effectsOf(options.choices) });
  }

  get room(): Room | null {
    return this.currentRoom;
  }

  get e2ee(): E2eeSession | null {
    return this.e2eeSession;
  }

  get policy(): ReceivePolicy | null {
    return this.receivePolicy;
  }

  /** Background effect, noise suppression, capture choices and the CPU watch; null until connected. */
  get effects(): CallEffects | null {
    return this.callEffects;
  }

  /** Chat, hands and reactions; they fail with a clear error until the call is connected. */
  readonly actions: CallActions = {
    sendChat: (text) => this.requireMessaging().sendChat(text),
    retryChat: (key) => this.requireMessaging().retryChat(key),
    setHandRaised: (raised) => this.requireMessaging().setHandRaised(raised),
    react: (emoji) => this.requireMessaging().react(emoji),
  };

  /** Connects, starts end-to-end encryption, then turns on the devices chosen in the lobby. Runs once. */
  start(): Promise<void> {
    this.starting ??= this.connect().catch((error: unknown) => {
      if (this.finished) return;
      this.finish('failed', describeConnectError(error, this.link));
    });
    return this.starting;
  }

  /** The user leaves: the server is told, and the call ends with "You left the call." */
  async leave(): Promise<void> {
    if (!this.currentRoom) return this.finish('ended', endMessageFor(DisconnectReason.CLIENT_INITIATED));
    await this.currentRoom.disconnect();
  }

  /** The view goes away (unmount, navigation): disconnect quietly and release everything. */
  dispose(): void {
    const room = this.currentRoom;
    this.finish('ended', endMessageFor(DisconnectReason.CLIENT_INITIATED));
    void room?.disconnect();
  }

  /** Who is on screen in a view (the call's own, the mini window); video is received for them. */
  setVisible(identities: Iterable<string>, view: CallView = 'main'): void {
    this.receivePolicy?.setVisible(identities, view);
  }

  /** Frames each receiving stream took in and let out decrypted, from the E2EE worker's guard; null without E2EE. */
  decodeCounts(): Promise<DecodeCounts | null> {
    return this.e2eeWorker ? requestDecodeCounts(this.e2eeWorker) : Promise.resolve(null);
  }

  /** Encryption errors the SDK reported so far, per participant identity. */
  encryptionErrors(): ReadonlyMap<string, number> {
    return this.encryptionErrorCounts;
  }

  setNotice(notice: string | null): void {
    this.stores.status.setState({ notice });
  }

  private requireMessaging(): CallMessaging {
    if (!this.messaging) throw new Error('The call is not connected yet; try again in a moment.');
    return this.messaging;
  }

  private async connect(): Promise<void> {
    const { link, choices, factories } = this.options;
    const keyProvider = link.secret ? factories.createKeyProvider() : null;
    let room: Room | null = null;
    const worker = keyProvider
      ? guardE2eeWorker(factories.createE2eeWorker(), {
          localIdentity: () => room?.localParticipant.identity ?? '',
          onRefused: (refused) => warnRefusedWorkerMessage(this.stores.trust, refused),
        })
      : null;
    this.e2eeWorker = worker;
    room = factories.createRoom(roomOptions(choices, keyProvider && worker ? { keyProvider, worker } : null));
    this.currentRoom = room;
    markOnce('join');
    const roomKeys = keyProvider && link.secret ? RoomKeys.derive(link.room, link.secret) : null;
    const { serverUrl, participantToken } = await factories.fetchToken(link, link.e2ee ? undefined : choices.displayName);
    markOnce('token');
    if (this.finished) return;
    // The handshake starts as soon as signalling has told us who is here (the join response), while ICE and DTLS
    // run: the first hellos of the members already in the call then find the key exchange listening.
    const signalled = new Promise<void>((resolve) => room.once(RoomEvent.SignalConnected, () => resolve()));
    const connected = room.connect(serverUrl, participantToken, { autoSubscribe: false });
    if (keyProvider && roomKeys) {
      await Promise.race([signalled, connected]);
      markOnce('signalled');
      if (this.finished) return void room.disconnect();
      this.e2eeSession = await startE2eeSession({ room, roomKeys: await roomKeys, keyProvider, displayName: choices.displayName });
      markOnce('e2ee-started');
      if (this.finished) {
        this.e2eeSession.stop();
        return void room.disconnect();
      }
    }
    // Messages are heard from here on: the handshake runs while the transports connect, and a member tells a raised
    // hand (or sends chat) as soon as it has verified us, which can be before connect() resolves.
    this.startMessaging(room);
    await connected;
    markOnce('connected');
    if (this.finished) return void room.disconnect();
    this.wire(room);
    this.stores.status.setState({ phase: 'connected' });
    this.emit(CallSessionEvent.Connected, room);
    await this.enableDevices(room);
    markOnce('published');
  }

  private startMessaging(room: Room): void {
    const keyExchange = this.e2eeSession?.keyExchange ?? null;
    const messenger = keyExchange ? createE2eeMessenger(keyExchange, room) : createRoomMessenger(room);
    const messaging = startMessaging({ messenger, stores: this.stores, localIdentity: () => room.localParticipant.identity });
    this.messaging = messaging;
    this.cleanups.push(() => messaging.stop());
  }

  private wire(room: Room): void {
    const keyExchange = this.e2eeSession?.keyExchange ?? null;
    const policy = new ReceivePolicy(room, keyExchange);
    this.receivePolicy = policy;
    this.cleanups.push(() => policy.stop());
    this.cleanups.push(policy.on(ReceivePolicyEvent.Flagged, (identity) => trustActions.warn(this.stores.trust, { kind: 'unencrypted-track', identity })));
    this.cleanups.push(policy.on(ReceivePolicyEvent.Unsolicited, (identity) => trustActions.warn(this.stores.trust, { kind: 'unsolicited-track', identity })));
    if (keyExchange) this.cleanups.push(trackTrust(keyExchange, this.stores.trust, () => policy.refresh()));
    else this.stores.trust.setState({ localIdentity: room.localParticipant.identity });

    const effects = new CallEffects(room, this.stores.effects, { clock: this.clock, receiving: policy, ...(this.options.factories.effects ? { factories: this.options.factories.effects } : {}) });
    this.callEffects = effects;
    this.cleanups.push(() => effects.stop());

    this.cleanups.push(waitForTransportsAfterRestart(room));
    const status = this.stores.status;
    const reconnecting = (kind: ReconnectState['kind']) => () => {
      // A resume that turns into a rejoin is one outage: its clock keeps running.
      const since = status.getState().reconnect?.since ?? this.clock.now();
      status.setState({ phase: 'reconnecting', reconnect: { kind, since } });
    };
    const onResuming = reconnecting('resuming');
    const onRejoining = reconnecting('rejoining');
    const onReconnected = () => status.setState({ phase: 'connected', reconnect: null });
    const onDisconnected = (reason?: DisconnectReason) => this.finish('ended', endMessageFor(reason));
    const onEncryptionError = (_error: Error, participant?: { identity: string }) => {
      const identity = participant?.identity ?? '';
      this.encryptionErrorCounts.set(identity, (this.encryptionErrorCounts.get(identity) ?? 0) + 1);
    };
    room
      .on(RoomEvent.SignalReconnecting, onResuming)
      .on(RoomEvent.Reconnecting, onRejoining)
      .on(RoomEvent.Reconnected, onReconnected)
      .on(RoomEvent.Disconnected, onDisconnected)
      .on(RoomEvent.EncryptionError, onEncryptionError);
    this.cleanups.push(() => {
      room
        .off(RoomEvent.EncryptionError, onEncryptionError)
        .off(RoomEvent.SignalReconnecting, onResuming)
        .off(RoomEvent.Reconnecting, onRejoining)
        .off(RoomEvent.Reconnected, onReconnected)
        .off(RoomEvent.Disconnected, onDisconnected);
    });
    if (room.state === ConnectionState.SignalReconnecting) onResuming();
    if (room.state === ConnectionState.Reconnecting) onRejoining();

    this.cleanups.push(
      watchCallTimeLimit({
        clock: this.clock,
        startedAt: this.startedAt,
        onWarning: (remaining) => this.setNotice(`This call ends automatically in ${formatRemaining(remaining)} (calls last at most 24 hours).`),
        onLimit: () => {
          this.finish('ended', TIME_LIMIT_MESSAGE);
          void room.disconnect();
        },
      }),
    );
    const awareness = this.options.awareness;
    if (awareness) this.cleanups.push(startAwareness({ room, stores: this.stores, env: awareness }));
    // Main keeps the display awake and asks before a newly opened link replaces this call.
    void this.options.bridge.setCallActive(true);
    this.cleanups.push(() => void this.options.bridge.setCallActive(false));
  }

  /**
   * Turns on what the lobby chose: the lobby's own tracks when it handed them over (published as tracks the SDK
   * manages, so muting releases the device and unmuting captures again with the same constraints), else new captures.
   */
  private async enableDevices(room: Room): Promise<void> {
    const { choices, shell, factories } = this.options;
    const prepared = factories.takePreparedTracks();
    const device = (id: string | null) => (id ? { deviceId: id } : {});
    const effects = effectsOf(choices);
    const enable = async (kind: 'camera' | 'microphone') => {
      const track = kind === 'camera' ? prepared.camera : prepared.microphone;
      try {
        if (kind === 'camera' && track) {
          await room.localParticipant.publishTrack(new LocalVideoTrack(track, { ...cameraCapture(effects.videoMode), ...device(choices.cameraDeviceId) }, false), { source: Track.Source.Camera });
        } else if (kind === 'microphone' && track) {
          await room.localParticipant.publishTrack(new LocalAudioTrack(track, { ...microphoneProcessing(effects), ...device(choices.microphoneDeviceId) }, false), { source: Track.Source.Microphone });
        } else if (kind === 'camera') await room.localParticipant.setCameraEnabled(true);
        else await room.localParticipant.setMicrophoneEnabled(true);
      } catch (error) {
        track?.stop();
        if (!this.finished) this.setNotice(describeMediaError(error, kind, shell));
      }
    };
    const camera = choices.camera && effects.videoMode !== 'audio-only';
    if (!camera) prepared.camera?.stop();
    if (!choices.microphone) prepared.microphone?.stop();
    await Promise.all([camera ? enable('camera') : null, choices.microphone ? enable('microphone') : null]);
  }

  /** Ends the call once, whatever ended it first; later calls keep the first message. */
  private finish(phase: 'ended' | 'failed', message: string): void {
    if (this.finished) return;
    this.finished = true;
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.e2eeSession?.stop();
    this.messaging = null;
    this.stores.status.setState({ phase, reconnect: null, endMessage: message });
    this.emit(CallSessionEvent.Ended, message);
  }
}
