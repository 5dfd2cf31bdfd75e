import { useLocalParticipant, useSpeakingParticipants, useTracks } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useEffect } from 'react';
import { useSession, useSessionStore } from '../CallSessionContext';
import { ParticipantTile } from '../ParticipantTile';
import { chooseMiniFocus } from './mini-focus';

/** A microphone or camera switch: pressed while the device is off. */
function DeviceToggle({ on, labels, onToggle, testId }: { on: boolean; labels: [whenOn: string, whenOff: string]; onToggle(): void; testId: string }) {
  return (
    <button type="button" className={on ? 'secondary' : 'off'} aria-pressed={!on} onClick={onToggle} data-testid={testId}>
      {on ? labels[0] : labels[1]}
    </button>
  );
}

/**
 * What the mini window shows: the active speaker (or someone's screen share) and the call's essential controls,
 * each acting on the one call session. A click on the picture returns to the call.
 */
export function MiniView({ onReturn }: { onReturn(): void }) {
  const session = useSession();
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const cameras = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false });
  const screens = useTracks([Track.Source.ScreenShare], { onlySubscribed: false });
  // Re-chooses as people start and stop speaking.
  useSpeakingParticipants();
  const handRaised = useSessionStore('feed', (state) => state.hands[localParticipant.identity] ?? false);
  const focus = chooseMiniFocus(screens, cameras);
  const shown = focus && !focus.participant.isLocal ? focus.participant.identity : null;

  // The receive policy keeps this person's video coming, whatever page the grid is on.
  useEffect(() => {
    session.setVisible(shown ? [shown] : [], 'mini');
    return () => session.setVisible([], 'mini');
  }, [session, shown]);

  const act = (what: string, action: () => Promise<unknown>) => () =>
    void action().catch((error: unknown) => session.setNotice(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));

  return (
    <main className="mini-view" data-testid="mini-view" data-showing={focus?.participant.identity ?? ''}>
      <div className="mini-stage" onClick={onReturn} title="Return to the call">
        {focus ? <ParticipantTile trackRef={focus} large /> : <p className="mini-waiting">Waiting for others to join…</p>}
      </div>
      <div className="mini-controls" role="toolbar" aria-label="Call controls">
        <DeviceToggle on={isMicrophoneEnabled} labels={['Mute', 'Unmute']} onToggle={act('Microphone', () => localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled))} testId="mini-toggle-mic" />
        <DeviceToggle on={isCameraEnabled} labels={['Stop video', 'Start video']} onToggle={act('Camera', () => localParticipant.setCameraEnabled(!isCameraEnabled))} testId="mini-toggle-camera" />
        <button type="button" className="secondary" aria-pressed={handRaised} onClick={act('Hand', () => session.actions.setHandRaised(!handRaised))} data-testid="mini-toggle-hand">
          {handRaised ? 'Lower hand' : 'Raise hand'}
        </button>
        <button type="button" className="secondary" onClick={onReturn} data-testid="mini-return">
          Back to call
        </button>
        <button type="button" className="danger" onClick={act('Leaving', () => session.leave())} data-testid="mini-leave">
          Leave
        </button>
      </div>
    </main>
  );
}
