import { useConnectionQualityIndicator, useParticipants, useRoomContext } from '@livekit/components-react';
import { Track, type Participant } from 'livekit-client';
import { useId } from 'react';
import { useSessionStore } from './CallSessionContext';
import { ListeningControls } from './listening/ListeningControls';
import { useDisplayName, useIsBlocked, useIsResponsive, useIsVerified } from './participant-names';
import { useReceivingCounts } from './useReceivingCounts';

function PersonRow({ participant }: { participant: Participant }) {
  const hand = useSessionStore('feed', (state) => state.hands[participant.identity] ?? false);
  const name = useDisplayName(participant);
  const verified = useIsVerified(participant);
  const responsive = useIsResponsive(participant);
  const blocked = useIsBlocked(participant);
  const fingerprint = useSessionStore('trust', (state) => (state.e2ee ? (state.fingerprints[participant.identity] ?? null) : null));
  const { quality } = useConnectionQualityIndicator({ participant });
  const mic = participant.getTrackPublication(Track.Source.Microphone);
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const micOn = !!mic && !mic.isMuted;
  const cameraOn = !!camera && !camera.isMuted;
  return (
    <li data-testid="people-row" data-identity={participant.identity}>
      <span className="person-name">
        {name}
        {participant.isLocal ? ' (you)' : ''}
        {blocked ? <span className="unverified-badge"> · blocked: unencrypted track</span> : !verified && <span className="unverified-badge"> · not verified</span>}
        {verified && !responsive && <span className="unverified-badge"> · not responding</span>}
        {fingerprint && (
          <span className="fingerprint" data-testid="people-fingerprint">
            Fingerprint <code>{fingerprint}</code>
          </span>
        )}
      </span>
      <span className="person-state">
        {hand && (
          <span role="img" aria-label="Hand raised">
            ✋
          </span>
        )}
        <span role="img" aria-label={micOn ? 'Microphone on' : 'Microphone off'}>
          {micOn ? '🎙️' : '🔇'}
        </span>
        <span role="img" aria-label={cameraOn ? 'Camera on' : 'Camera off'}>
          {cameraOn ? '📷' : '🚫'}
        </span>
        <span className={`quality q-${quality}`} role="img" aria-label={`Connection: ${quality}`} />
      </span>
      {!participant.isLocal && <ListeningControls identity={participant.identity} name={name} />}
    </li>
  );
}

export function PeoplePanel() {
  const participants = useParticipants();
  const hands = useSessionStore('feed', (state) => state.hands);
  const e2ee = useSessionStore('trust', (state) => state.e2ee);
  const receiving = useReceivingCounts(useRoomContext());
  const id = useId();
  // Raised hands first, in the order people joined.
  const sorted = [...participants].sort((a, b) => Number(hands[b.identity] ?? false) - Number(hands[a.identity] ?? false));
  return (
    <aside className="panel" aria-labelledby={`${id}-title`} data-testid="people-panel">
      <h2 id={`${id}-title`}>
        People (<span data-testid="people-count">{participants.length}</span>)
      </h2>
      <p className="field-hint" data-testid="receiving-video" data-count={receiving.video}>
        Receiving video from {receiving.video} of {receiving.publishedVideo} cameras and screens (only what is on screen).
      </p>
      {e2ee && (
        <p className="field-hint">
          If your security codes differ, compare fingerprints: the person whose fingerprint differs between your screens is
          not who the others see.
        </p>
      )}
      <ul className="people-list">
        {sorted.map((participant) => (
          <PersonRow key={participant.identity} participant={participant} />
        ))}
      </ul>
    </aside>
  );
}
