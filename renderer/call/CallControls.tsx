import { useLocalParticipant, useRoomContext } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { ScreenShareControls } from '../screen-share/ScreenShareControls';
import { useState } from 'react';
import { DeviceSelect, useActiveDevice, useMediaDevices } from '../devices';
import { useSession, useSessionStore } from './CallSessionContext';
import { InviteDialog } from './InviteDialog';
import { EffectsMenu } from './EffectsMenu';
import { REACTIONS, uiActions } from './session';

/** The camera and microphone pickers in the call: the same picker as the lobby and settings, switching live. */
function CallDevices({ onError }: { onError(message: string): void }) {
  const room = useRoomContext();
  const devices = useMediaDevices(null);
  const [camera, setCamera] = useActiveDevice(room, 'videoinput');
  const [microphone, setMicrophone] = useActiveDevice(room, 'audioinput');
  const fail = (what: string) => (error: unknown) => onError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  return (
    <>
      <DeviceSelect label="Camera" kind="Camera" devices={devices.cameras} value={camera} onChange={(id) => void setCamera(id).catch(fail('Switching the camera'))} />
      <DeviceSelect label="Microphone" kind="Microphone" devices={devices.microphones} value={microphone} onChange={(id) => void setMicrophone(id).catch(fail('Switching the microphone'))} />
    </>
  );
}

export function CallControls({ screenSharingAllowed = true }: { screenSharingAllowed?: boolean }) {
  const session = useSession();
  const { actions } = session;
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const panel = useSessionStore('ui', (state) => state.panel);
  const unread = useSessionStore('ui', (state) => state.unread);
  const layout = useSessionStore('ui', (state) => state.layout);
  const handRaised = useSessionStore('feed', (state) => state.hands[localParticipant.identity] ?? false);
  const ui = session.stores.ui;
  const togglePanel = (name: 'chat' | 'people' | 'server') => uiActions.togglePanel(ui, name);
  const setLayout = (next: 'grid' | 'speaker') => ui.setState({ layout: next });
  const setShortcutsOpen = (open: boolean) => ui.setState({ shortcutsOpen: open });
  const onMediaError = (message: string) => session.setNotice(message);
  const onLeave = () => void session.leave();
  const [reactionsOpen, setReactionsOpen] = useState(false);
  const [inviteOpen, setInviteOpen] = useState(false);

  const run = (what: string, action: Promise<unknown>) =>
    void action.catch((error: unknown) => onMediaError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));

  return (
    <footer className="controls" role="toolbar" aria-label="Call controls">
      <button
        type="button"
        aria-pressed={!isMicrophoneEnabled}
        className={isMicrophoneEnabled ? 'secondary' : 'off'}
        onClick={() => run('Microphone', localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled))}
        aria-keyshortcuts="M"
        title="Microphone (M)"
        data-testid="toggle-mic"
      >
        <span aria-hidden="true">{isMicrophoneEnabled ? '🎙️' : '🔇'}</span> {isMicrophoneEnabled ? 'Mute' : 'Unmute'}
      </button>
      <button
        type="button"
        aria-pressed={!isCameraEnabled}
        className={isCameraEnabled ? 'secondary' : 'off'}
        onClick={() => run('Camera', localParticipant.setCameraEnabled(!isCameraEnabled))}
        aria-keyshortcuts="V"
        title="Camera (V)"
        data-testid="toggle-camera"
      >
        <span aria-hidden="true">{isCameraEnabled ? '📷' : '🚫'}</span> {isCameraEnabled ? 'Stop video' : 'Start video'}
      </button>
      <ScreenShareControls
        disabled={!screenSharingAllowed}
        onPublish={async ({ video, audio }) => {
          await localParticipant.publishTrack(video, { source: Track.Source.ScreenShare, name: 'screen' });
          if (audio) await localParticipant.publishTrack(audio, { source: Track.Source.ScreenShareAudio, name: 'screen-audio' });
        }}
        onUnpublish={async ({ video, audio }) => {
          await localParticipant.unpublishTrack(video);
          if (audio) await localParticipant.unpublishTrack(audio);
        }}
      />
      <details className="menu">
        <summary>
          <span aria-hidden="true">⚙️</span> Devices
        </summary>
        <div className="menu-body">
          <CallDevices onError={onMediaError} />
        </div>
      </details>
      <EffectsMenu />
      <button
        type="button"
        className="secondary"
        aria-pressed={handRaised}
        onClick={() => void actions.setHandRaised(!handRaised)}
        aria-keyshortcuts="H"
        title="Hand (H)"
        data-testid="toggle-hand"
      >
        <span aria-hidden="true">✋</span> {handRaised ? 'Lower hand' : 'Raise hand'}
      </button>
      <div className="reaction-picker">
        <button type="button" className="secondary" aria-expanded={reactionsOpen} onClick={() => setReactionsOpen(!reactionsOpen)}>
          <span aria-hidden="true">😊</span> React
        </button>
        {reactionsOpen && (
          <div className="menu-body" role="group" aria-label="Reactions">
            {REACTIONS.map((emoji) => (
              <button key={emoji} type="button" className="secondary" aria-label={`React ${emoji}`} onClick={() => (void actions.react(emoji), setReactionsOpen(false))}>
                {emoji}
              </button>
            ))}
          </div>
        )}
      </div>
      <button type="button" className="secondary" aria-pressed={panel === 'chat'} onClick={() => togglePanel('chat')} data-testid="toggle-chat" >
        <span aria-hidden="true">💬</span> Chat
        {unread > 0 && (
          <span className="unread">
            {unread}
            <span className="visually-hidden"> unread</span>
          </span>
        )}
      </button>
      <button type="button" className="secondary" aria-pressed={panel === 'people'} onClick={() => togglePanel('people')} data-testid="toggle-people">
        <span aria-hidden="true">👥</span> People
      </button>
      <button type="button" className="secondary" aria-pressed={panel === 'server'} onClick={() => togglePanel('server')} data-testid="toggle-server-view">
        <span aria-hidden="true">🛈</span> What the server sees
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => setLayout(layout === 'grid' ? 'speaker' : 'grid')}
        data-testid="toggle-layout"
      >
        <span aria-hidden="true">{layout === 'grid' ? '🗣️' : '▦'}</span> {layout === 'grid' ? 'Speaker view' : 'Grid view'}
      </button>
      <button type="button" className="secondary" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="Shift+?">
        <span aria-hidden="true">⌨️</span> Shortcuts
      </button>
      <button type="button" className="secondary" onClick={() => setInviteOpen(true)} data-testid="open-invite">
        <span aria-hidden="true">➕</span> Invite
      </button>
      {inviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
      <button type="button" className="danger" onClick={onLeave} data-testid="leave-call">
        Leave
      </button>
    </footer>
  );
}
