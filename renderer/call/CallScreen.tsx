import { RoomAudioRenderer, RoomContext, useConnectionState, useLocalParticipant, useSpeakingParticipants, useTracks } from '@livekit/components-react';
import { ConnectionState, DisconnectReason, RoomEvent, Track, type RemoteTrackPublication, type Room } from 'livekit-client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseRoomLink, type RoomLink } from '../../shared/room-link';
import { screenSharingAllowed } from '../app/policy-selectors';
import { useAppStore } from '../app/useAppStore';
import { bridge } from '../bridge/bridge';
import { describeMediaError } from '../lobby/media-errors';
import type { JoinChoices } from '../lobby/LobbyScreen';
import { CallControls } from './CallControls';
import { formatRemaining, systemClock, watchCallTimeLimit, type CallClock } from './call-time-limit';
import { ChatPanel } from './ChatPanel';
import { mayRenderRemoteTrack, type E2eeSession } from '../e2ee';
import { createE2eeMessenger, createRoomMessenger } from './call-messenger';
import { connectCall, describeConnectError, type CallConnection, type RoomFactory } from './connect-call';
import { FocusLayout } from './FocusLayout';
import { ParticipantGrid } from './ParticipantGrid';
import { PeoplePanel } from './PeoplePanel';
import { ServerViewPanel } from './ServerViewPanel';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useCallMessaging } from './useCallMessaging';
import { useCallShortcuts } from './useCallShortcuts';
import { useCallStore } from './useCallStore';
import { useE2eeState } from './useE2eeState';
import { useVisibleSubscriptions } from './useVisibleSubscriptions';

function endMessageFor(reason: DisconnectReason | undefined): string {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return 'You left the call.';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'You joined this call from somewhere else, so this window left it.';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'You were removed from the call.';
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'The call has ended.';
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'The server shut down. The call has ended.';
    default:
      return 'The call was disconnected.';
  }
}

export function CallScreen({
  link,
  choices,
  clock = systemClock,
  createRoom,
}: {
  link: string;
  choices: JoinChoices;
  clock?: CallClock;
  createRoom?: RoomFactory;
}) {
  const parsed = parseRoomLink(link);
  const [call, setCall] = useState<CallConnection | null>(null);
  const phase = useCallStore((state) => state.phase);
  const endMessage = useCallStore((state) => state.endMessage);
  const shell = useAppStore((state) => state.appInfo?.shell ?? 'web');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!parsed.ok) return;
    const store = useCallStore.getState();
    store.reset({ e2ee: parsed.value.e2ee, localName: choices.displayName });
    let cancelled = false;
    let joined: CallConnection | null = null;
    connectCall({ link: parsed.value, choices, ...(createRoom ? { createRoom } : {}) })
      .then(async (connection) => {
        joined = connection;
        const connected = connection.room;
        if (cancelled) return void connected.disconnect();
        connected
          .on(RoomEvent.Reconnecting, () => store.setPhase('reconnecting'))
          .on(RoomEvent.Reconnected, () => store.setPhase('connected'))
          .on(RoomEvent.Disconnected, (reason) => {
            connection.e2ee?.stop();
            store.setPhase('ended', endMessageFor(reason));
          });
        setCall(connection);
        store.setPhase('connected');
        const enable = async (kind: 'camera' | 'microphone', on: boolean) => {
          if (!on) return;
          try {
            await (kind === 'camera' ? connected.localParticipant.setCameraEnabled(true) : connected.localParticipant.setMicrophoneEnabled(true));
          } catch (error) {
            store.setNotice(describeMediaError(error, kind, shell));
          }
        };
        await Promise.all([enable('camera', choices.camera), enable('microphone', choices.microphone)]);
      })
      .catch((error: unknown) => {
        if (!cancelled) store.setPhase('failed', describeConnectError(error, parsed.value));
      });
    return () => {
      cancelled = true;
      joined?.e2ee?.stop();
      void joined?.room.disconnect();
      setCall(null);
    };
    // The link string and choices identify the call; re-running on `parsed` identity would reconnect on every render.
  }, [link, choices, attempt]);

  if (!parsed.ok) return <CallEnded message={parsed.error.message} />;
  if (phase === 'failed' || phase === 'ended') {
    return <CallEnded message={endMessage ?? 'The call ended.'} onRejoin={() => setAttempt((n) => n + 1)} />;
  }
  if (!call) {
    return (
      <main className="call-status" aria-busy="true">
        <p role="status">Joining the call on {parsed.value.host}…</p>
      </main>
    );
  }
  return (
    <RoomContext.Provider value={call.room}>
      <CallView room={call.room} e2ee={call.e2ee} link={parsed.value} clock={clock} />
    </RoomContext.Provider>
  );
}

function useJoinTimes(room: Room): void {
  useEffect(() => {
    const note = (identity: string) => useCallStore.getState().noteJoined(identity, Date.now());
    const onJoin = (participant: { identity: string }) => note(participant.identity);
    room.on(RoomEvent.ParticipantConnected, onJoin);
    return () => void room.off(RoomEvent.ParticipantConnected, onJoin);
  }, [room]);
}

function CallEnded({ message, onRejoin }: { message: string; onRejoin?: () => void }) {
  const navigate = useAppStore((state) => state.navigate);
  return (
    <main className="call-status" data-testid="call-ended">
      <p role="alert">{message}</p>
      <div className="row">
        {onRejoin && (
          <button type="button" onClick={onRejoin} data-testid="rejoin-call">
            Rejoin
          </button>
        )}
        <button type="button" className="secondary" onClick={() => navigate({ name: 'home' })}>
          Home
        </button>
      </div>
    </main>
  );
}

function CallView({ room, e2ee, link, clock }: { room: Room; e2ee: E2eeSession | null; link: RoomLink; clock: CallClock }) {
  const connection = useConnectionState(room);
  const layout = useCallStore((state) => state.layout);
  const panel = useCallStore((state) => state.panel);
  const notice = useCallStore((state) => state.notice);
  const shortcutsOpen = useCallStore((state) => state.shortcutsOpen);
  const { localParticipant } = useLocalParticipant();
  const securityCode = useCallStore((state) => state.securityCode);
  const securityWarning = useCallStore((state) => state.securityWarning);
  const members = useCallStore((state) => state.members);
  const keysVersion = useCallStore((state) => state.keysVersion);
  const sharingAllowed = useAppStore(screenSharingAllowed);
  const [startedAt] = useState(() => clock.now());
  const messenger = useMemo(() => (e2ee ? createE2eeMessenger(e2ee) : createRoomMessenger(room)), [e2ee, room]);
  const actions = useCallMessaging(room, messenger);
  useE2eeState(e2ee);
  useJoinTimes(room);
  // Main keeps the display awake and asks before a newly opened link replaces this call.
  useEffect(() => {
    void bridge.setCallActive(true);
    return () => void bridge.setCallActive(false);
  }, []);
  const cameras = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false });
  const screens = useTracks([Track.Source.ScreenShare], { onlySubscribed: false });
  const speakers = useSpeakingParticipants();
  const [visible, setVisible] = useState<ReadonlySet<string>>(new Set());
  const onVisibleChange = useCallback((identities: string[]) => setVisible(new Set(identities)), []);
  // Fail closed: in an encrypted call nothing is received from a member who has not completed the handshake, nor any
  // track the server marks unencrypted (the SDK would pass such frames through undecrypted).
  const mayReceive = useCallback(
    (identity: string, publication: RemoteTrackPublication) => !e2ee || mayRenderRemoteTrack(e2ee.keyExchange, identity, publication),
    [e2ee],
  );
  const trustVersion = useMemo(() => ({ members, keysVersion }), [members, keysVersion]);
  useVisibleSubscriptions(room, visible, mayReceive, trustVersion);

  const shortcutHandlers = useMemo(
    () => ({
      toggleHand: () => void actions.setHandRaised(!(useCallStore.getState().hands[room.localParticipant.identity] ?? false)),
      showShortcuts: () => useCallStore.getState().setShortcutsOpen(true),
    }),
    [actions, room],
  );
  useCallShortcuts(localParticipant, shortcutHandlers);

  useEffect(
    () =>
      watchCallTimeLimit({
        clock,
        startedAt: clock.now(),
        onWarning: (remaining) => useCallStore.getState().setNotice(`This call ends automatically in ${formatRemaining(remaining)} (calls last at most 24 hours).`),
        onLimit: () => {
          void room.disconnect();
          useCallStore.getState().setPhase('ended', 'The call reached its 24-hour limit and has ended. Start a new call to continue.');
        },
      }),
    [room, clock],
  );

  const focus = screens[0] ?? (layout === 'speaker' ? cameras.find((t) => t.participant.identity === speakers[0]?.identity) ?? cameras[0] : undefined);

  return (
    <main className="call" data-testid="call-view">
      <header className="call-header">
        <h1 className="visually-hidden">Call on {link.host}</h1>
        {link.e2ee && (
          <p className="security" data-testid="e2ee-status">
            <span aria-hidden="true">🔒</span> End-to-end encrypted. Security code{' '}
            <strong data-testid="security-code">{securityCode ?? '…'}</strong>: compare it aloud. If everyone sees the same code, nobody
            else is in the call.
          </p>
        )}
        {securityWarning && (
          <p className="banner-danger" role="alert" data-testid="security-warning">
            {securityWarning}
          </p>
        )}
        {!link.e2ee && (
          <p className="banner-danger" role="alert" data-testid="e2ee-off-banner">
            Not end-to-end encrypted: the server can access this call's audio, video and chat.
          </p>
        )}
        {connection === ConnectionState.Reconnecting && (
          <p className="warning" role="status" data-testid="reconnecting">
            Reconnecting… your audio and video will resume when the connection is back.
          </p>
        )}
        {notice && (
          <p className="warning" role="status" data-testid="call-notice">
            {notice}
            <button type="button" className="link-button" onClick={() => useCallStore.getState().setNotice(null)} aria-label="Dismiss">
              ✕
            </button>
          </p>
        )}
      </header>
      <div className="call-body">
        {focus ? <FocusLayout focus={focus} others={cameras} onVisibleChange={onVisibleChange} /> : <ParticipantGrid tracks={cameras} onVisibleChange={onVisibleChange} />}
        {panel === 'chat' && <ChatPanel actions={actions} />}
        {panel === 'people' && <PeoplePanel />}
        {panel === 'server' && <ServerViewPanel startedAt={startedAt} />}
      </div>
      <CallControls actions={actions} onLeave={() => void room.disconnect()} onMediaError={(message) => useCallStore.getState().setNotice(message)} screenSharingAllowed={sharingAllowed} />
      <RoomAudioRenderer />
      {shortcutsOpen && <ShortcutsDialog onClose={() => useCallStore.getState().setShortcutsOpen(false)} />}
    </main>
  );
}
