import { RoomContext, useLocalParticipant, useSpeakingParticipants, useTracks } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useCallback, useMemo, useState } from 'react';
import type { RoomLink } from '../../shared/room-link';
import { screenSharingAllowed } from '../app/policy-selectors';
import { useAppStore } from '../app/useAppStore';
import { CallAnnouncer } from './awareness/CallAnnouncer';
import { CallControls } from './CallControls';
import { CallSessionContext, useSession, useSessionStore } from './CallSessionContext';
import { ChatPanel } from './ChatPanel';
import { FocusLayout } from './FocusLayout';
import type { JoinChoices } from './join-choices';
import { MiniWindow } from './mini/MiniWindow';
import { ParticipantGrid } from './ParticipantGrid';
import { PeoplePanel } from './PeoplePanel';
import { ReconnectBanner } from './ReconnectBanner';
import { RemoteAudio } from './RemoteAudio';
import { SecurityStatus } from './SecurityStatus';
import { ServerViewPanel } from './ServerViewPanel';
import type { CallSession } from './session';
import { ShortcutsDialog } from './ShortcutsDialog';
import { CallStatsPanel } from './stats/CallStatsPanel';
import { useCallSession } from './useCallSession';
import { useCallShortcuts } from './useCallShortcuts';

/** A call: one session per attempt (Rejoin starts a new one); this component only draws it. */
export function CallScreen({ link, choices }: { link: RoomLink; choices: JoinChoices }) {
  const [attempt, setAttempt] = useState(0);
  return <CallAttempt key={attempt} link={link} choices={choices} onRejoin={() => setAttempt((n) => n + 1)} />;
}

function CallAttempt({ link, choices, onRejoin }: { link: RoomLink; choices: JoinChoices; onRejoin(): void }) {
  const shell = useAppStore((state) => state.appInfo?.shell ?? 'web');
  const session = useCallSession(link, choices, shell);
  if (!session) return <Joining host={link.host} />;
  return (
    <CallSessionContext.Provider value={session}>
      <CallPhaseView session={session} onRejoin={onRejoin} />
    </CallSessionContext.Provider>
  );
}

function Joining({ host }: { host: string }) {
  return (
    <main className="call-status" aria-busy="true">
      <p role="status">Joining the call on {host}…</p>
    </main>
  );
}

function CallPhaseView({ session, onRejoin }: { session: CallSession; onRejoin(): void }) {
  const phase = useSessionStore('status', (state) => state.phase);
  const endMessage = useSessionStore('status', (state) => state.endMessage);
  if (phase === 'failed' || phase === 'ended') return <CallEnded message={endMessage ?? 'The call ended.'} onRejoin={onRejoin} />;
  if (phase === 'connecting' || !session.room) return <Joining host={session.link.host} />;
  return (
    <RoomContext.Provider value={session.room}>
      <CallView />
    </RoomContext.Provider>
  );
}

function CallEnded({ message, onRejoin }: { message: string; onRejoin(): void }) {
  const navigate = useAppStore((state) => state.navigate);
  return (
    <main className="call-status" data-testid="call-ended">
      <p role="alert">{message}</p>
      <div className="row">
        <button type="button" onClick={onRejoin} data-testid="rejoin-call">
          Rejoin
        </button>
        <button type="button" className="secondary" onClick={() => navigate({ name: 'home' })}>
          Home
        </button>
      </div>
    </main>
  );
}

function CallView() {
  const session = useSession();
  const { link, stores } = session;
  const notice = useSessionStore('status', (state) => state.notice);
  const layout = useSessionStore('ui', (state) => state.layout);
  const panel = useSessionStore('ui', (state) => state.panel);
  const shortcutsOpen = useSessionStore('ui', (state) => state.shortcutsOpen);
  const sharingAllowed = useAppStore(screenSharingAllowed);
  const { localParticipant } = useLocalParticipant();
  const cameras = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false });
  const screens = useTracks([Track.Source.ScreenShare], { onlySubscribed: false });
  const speakers = useSpeakingParticipants();
  const onVisibleChange = useCallback((identities: string[]) => session.setVisible(identities), [session]);

  const shortcutHandlers = useMemo(
    () => ({
      toggleHand: () => void session.actions.setHandRaised(!(stores.feed.getState().hands[localParticipant.identity] ?? false)),
      showShortcuts: () => stores.ui.setState({ shortcutsOpen: true }),
    }),
    [session, stores, localParticipant],
  );
  useCallShortcuts(localParticipant, shortcutHandlers);

  const focus = screens[0] ?? (layout === 'speaker' ? cameras.find((t) => t.participant.identity === speakers[0]?.identity) ?? cameras[0] : undefined);

  return (
    <main className="call" data-testid="call-view">
      <header className="call-header">
        <h1 className="visually-hidden">Call on {link.host}</h1>
        <SecurityStatus />
        <ReconnectBanner />
        <MiniWindow />
        {notice && (
          <p className="warning" role="status" data-testid="call-notice">
            {notice}
            <button type="button" className="link-button" onClick={() => session.setNotice(null)} aria-label="Dismiss">
              ✕
            </button>
          </p>
        )}
      </header>
      <div className="call-body">
        {focus ? <FocusLayout focus={focus} others={cameras} onVisibleChange={onVisibleChange} /> : <ParticipantGrid tracks={cameras} onVisibleChange={onVisibleChange} />}
        {panel === 'chat' && <ChatPanel />}
        {panel === 'people' && <PeoplePanel />}
        {panel === 'server' && <ServerViewPanel startedAt={session.startedAt} />}
        {panel === 'stats' && <CallStatsPanel />}
      </div>
      <CallControls screenSharingAllowed={sharingAllowed} />
      <RemoteAudio />
      <CallAnnouncer />
      {shortcutsOpen && <ShortcutsDialog onClose={() => stores.ui.setState({ shortcutsOpen: false })} />}
    </main>
  );
}
