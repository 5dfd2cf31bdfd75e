import { useLocalParticipant, useMediaDeviceSelect } from '@livekit/components-react';
import { useState } from 'react';
import { REACTIONS } from './call-messages';
import type { CallActions } from './useCallMessaging';
import { useCallStore } from './useCallStore';

function DeviceSelect({ kind, label }: { kind: 'videoinput' | 'audioinput'; label: string }) {
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind, requestPermissions: false });
  return (
    <label>
      {label}
      <select value={activeDeviceId} onChange={(event) => void setActiveMediaDevice(event.target.value)}>
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${label} ${index + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CallControls({ actions, onLeave, onMediaError }: { actions: CallActions; onLeave(): void; onMediaError(message: string): void }) {
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled, isScreenShareEnabled } = useLocalParticipant();
  const panel = useCallStore((state) => state.panel);
  const unread = useCallStore((state) => state.unread);
  const layout = useCallStore((state) => state.layout);
  const handRaised = useCallStore((state) => state.hands[localParticipant.identity] ?? false);
  const { togglePanel, setLayout, setShortcutsOpen } = useCallStore.getState();
  const [reactionsOpen, setReactionsOpen] = useState(false);

  const run = (what: string, action: Promise<unknown>) =>
    void action.catch((error: unknown) => onMediaError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));

  return (
    <footer className="controls" role="toolbar" aria-label="Call controls">
      <button
        type="button"
        aria-pressed={!isMicrophoneEnabled}
        className={isMicrophoneEnabled ? 'secondary' : 'off'}
        onClick={() => run('Microphone', localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled))}
        aria-label={isMicrophoneEnabled ? 'Mute microphone (M)' : 'Unmute microphone (M)'}
        data-testid="toggle-mic"
      >
        {isMicrophoneEnabled ? '🎙️ Mute' : '🔇 Unmute'}
      </button>
      <button
        type="button"
        aria-pressed={!isCameraEnabled}
        className={isCameraEnabled ? 'secondary' : 'off'}
        onClick={() => run('Camera', localParticipant.setCameraEnabled(!isCameraEnabled))}
        aria-label={isCameraEnabled ? 'Turn camera off (V)' : 'Turn camera on (V)'}
        data-testid="toggle-camera"
      >
        {isCameraEnabled ? '📷 Stop video' : '🚫 Start video'}
      </button>
      <button
        type="button"
        aria-pressed={isScreenShareEnabled}
        className="secondary"
        onClick={() => run('Screen sharing', localParticipant.setScreenShareEnabled(!isScreenShareEnabled, { audio: true }))}
        aria-label={isScreenShareEnabled ? 'Stop sharing your screen' : 'Share your screen'}
        data-testid="toggle-screen-share"
      >
        {isScreenShareEnabled ? '🛑 Stop sharing' : '🖥️ Share'}
      </button>
      <details className="menu">
        <summary className="secondary-button" aria-label="Choose camera and microphone">
          ⚙️ Devices
        </summary>
        <div className="menu-body">
          <DeviceSelect kind="videoinput" label="Camera" />
          <DeviceSelect kind="audioinput" label="Microphone" />
        </div>
      </details>
      <button
        type="button"
        className="secondary"
        aria-pressed={handRaised}
        onClick={() => void actions.setHandRaised(!handRaised)}
        aria-label={handRaised ? 'Lower hand (H)' : 'Raise hand (H)'}
        data-testid="toggle-hand"
      >
        ✋ {handRaised ? 'Lower' : 'Raise'}
      </button>
      <div className="reaction-picker">
        <button type="button" className="secondary" aria-expanded={reactionsOpen} onClick={() => setReactionsOpen(!reactionsOpen)} aria-label="Send a reaction">
          😊
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
      <button type="button" className="secondary" aria-pressed={panel === 'chat'} onClick={() => togglePanel('chat')} data-testid="toggle-chat" aria-label={`Chat${unread ? `, ${unread} unread` : ''}`}>
        💬 Chat{unread > 0 && <span className="unread">{unread}</span>}
      </button>
      <button type="button" className="secondary" aria-pressed={panel === 'people'} onClick={() => togglePanel('people')} data-testid="toggle-people" aria-label="People">
        👥 People
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => setLayout(layout === 'grid' ? 'speaker' : 'grid')}
        aria-label={layout === 'grid' ? 'Switch to speaker view' : 'Switch to grid view'}
        data-testid="toggle-layout"
      >
        {layout === 'grid' ? '🗣️ Speaker' : '▦ Grid'}
      </button>
      <button type="button" className="secondary" onClick={() => setShortcutsOpen(true)} aria-label="Keyboard shortcuts (?)">
        ⌨️
      </button>
      <button type="button" className="danger" onClick={onLeave} data-testid="leave-call">
        Leave
      </button>
    </footer>
  );
}
