import { useLocalParticipant } from '@livekit/components-react';
import { Track } from 'livekit-client';
import {
  Activity,
  Hand,
  Keyboard,
  LayoutGrid,
  MessageSquare,
  Mic,
  MicOff,
  PhoneOff,
  Server,
  Settings2,
  Smile,
  UserPlus,
  Users,
  Video,
  VideoOff,
  type LucideIcon,
} from 'lucide-react';
import { useState } from 'react';
import { ScreenShareControls } from '../screen-share/ScreenShareControls';
import { useSession, useSessionStore } from './CallSessionContext';
import { DevicesDialog } from './controls/DevicesDialog';
import { EffectsMenu } from './controls/EffectsMenu';
import { IconButton } from './controls/IconButton';
import { MoreMenu, type MoreMenuItem } from './controls/MoreMenu';
import { InviteDialog } from './InviteDialog';
import { REACTIONS, uiActions, type CallPanel } from './session';
import './controls/controls.css';

/**
 * The control bar: one row of icon buttons (labels as tooltips and accessible names) for what is used all the time,
 * and the "More" menu for the rest. A new secondary action is one more entry in `moreItems`.
 */
export function CallControls({ screenSharingAllowed = true }: { screenSharingAllowed?: boolean }) {
  const session = useSession();
  const { actions } = session;
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const panel = useSessionStore('ui', (state) => state.panel);
  const unread = useSessionStore('ui', (state) => state.unread);
  const layout = useSessionStore('ui', (state) => state.layout);
  const handRaised = useSessionStore('feed', (state) => state.hands[localParticipant.identity] ?? false);
  const ui = session.stores.ui;
  const togglePanel = (name: Exclude<CallPanel, null>) => uiActions.togglePanel(ui, name);
  const onMediaError = (message: string) => session.setNotice(message);
  const [reactionsOpen, setReactionsOpen] = useState(false);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [devicesOpen, setDevicesOpen] = useState(false);

  const run = (what: string, action: Promise<unknown>) =>
    void action.catch((error: unknown) => onMediaError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));

  const panelItem = (id: Exclude<CallPanel, null>, label: string, icon: LucideIcon, testId: string): MoreMenuItem => ({
    id,
    label,
    icon,
    checked: panel === id,
    onSelect: () => togglePanel(id),
    testId,
  });
  const moreItems: MoreMenuItem[] = [
    { id: 'devices', label: 'Devices…', icon: Settings2, onSelect: () => setDevicesOpen(true), testId: 'open-devices' },
    {
      id: 'layout',
      label: layout === 'grid' ? 'Speaker view' : 'Grid view',
      icon: layout === 'grid' ? Users : LayoutGrid,
      onSelect: () => ui.setState({ layout: layout === 'grid' ? 'speaker' : 'grid' }),
      testId: 'toggle-layout',
    },
    panelItem('stats', 'Call statistics', Activity, 'toggle-stats'),
    panelItem('server', 'What the server sees', Server, 'toggle-server-view'),
    { id: 'shortcuts', label: 'Keyboard shortcuts', icon: Keyboard, onSelect: () => ui.setState({ shortcutsOpen: true }) },
  ];

  return (
    <footer className="controls" role="toolbar" aria-label="Call controls">
      <IconButton
        icon={isMicrophoneEnabled ? Mic : MicOff}
        label={isMicrophoneEnabled ? 'Mute' : 'Unmute'}
        shortcut="M"
        aria-pressed={!isMicrophoneEnabled}
        className={isMicrophoneEnabled ? 'secondary' : 'off'}
        onClick={() => run('Microphone', localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled))}
        data-testid="toggle-mic"
      />
      <IconButton
        icon={isCameraEnabled ? Video : VideoOff}
        label={isCameraEnabled ? 'Stop video' : 'Start video'}
        shortcut="V"
        aria-pressed={!isCameraEnabled}
        className={isCameraEnabled ? 'secondary' : 'off'}
        onClick={() => run('Camera', localParticipant.setCameraEnabled(!isCameraEnabled))}
        data-testid="toggle-camera"
      />
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
      <EffectsMenu />
      <span className="controls-gap" aria-hidden="true" />
      <IconButton
        icon={Hand}
        label={handRaised ? 'Lower hand' : 'Raise hand'}
        shortcut="H"
        aria-pressed={handRaised}
        onClick={() => void actions.setHandRaised(!handRaised)}
        data-testid="toggle-hand"
      />
      <div className="reaction-picker">
        <IconButton icon={Smile} label="React" aria-expanded={reactionsOpen} onClick={() => setReactionsOpen(!reactionsOpen)} data-testid="open-reactions" />
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
      <IconButton
        icon={MessageSquare}
        label={unread > 0 ? `Chat, ${unread} unread` : 'Chat'}
        count={unread}
        aria-pressed={panel === 'chat'}
        onClick={() => togglePanel('chat')}
        data-testid="toggle-chat"
      />
      <IconButton icon={Users} label="People" aria-pressed={panel === 'people'} onClick={() => togglePanel('people')} data-testid="toggle-people" />
      <IconButton icon={UserPlus} label="Invite" onClick={() => setInviteOpen(true)} data-testid="open-invite" />
      <MoreMenu items={moreItems} />
      <span className="controls-gap" aria-hidden="true" />
      <IconButton icon={PhoneOff} label="Leave" showLabel className="danger" onClick={() => void session.leave()} data-testid="leave-call" />
      {inviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
      {devicesOpen && <DevicesDialog onClose={() => setDevicesOpen(false)} onError={onMediaError} />}
    </footer>
  );
}
