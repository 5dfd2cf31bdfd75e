import { isTrackReference, useConnectionQualityIndicator, useIsSpeaking, useTrackMutedIndicator, VideoTrack, type TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { ConnectionQuality, Track } from 'livekit-client';
import { useMayRender, useSessionStore } from './CallSessionContext';
import { TileListeningMenu } from './listening/TileListeningMenu';
import { useDisplayName, useIsBlocked, useIsResponsive, useIsVerified } from './participant-names';

const QUALITY_LABEL: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: 'Excellent connection',
  [ConnectionQuality.Good]: 'Good connection',
  [ConnectionQuality.Poor]: 'Poor connection',
  [ConnectionQuality.Lost]: 'Connection lost',
  [ConnectionQuality.Unknown]: 'Connection quality unknown',
};

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('') || '?'
  );
}

export function ParticipantTile({ trackRef, large = false }: { trackRef: TrackReferenceOrPlaceholder; large?: boolean }) {
  const participant = trackRef.participant;
  const speaking = useIsSpeaking(participant);
  const { quality } = useConnectionQualityIndicator({ participant });
  const micRef = { participant, source: Track.Source.Microphone, publication: participant.getTrackPublication(Track.Source.Microphone) };
  const { isMuted: micMuted } = useTrackMutedIndicator(micRef);
  const hand = useSessionStore('feed', (state) => state.hands[participant.identity] ?? false);
  // Select the stable array and filter here: a selector returning a new array each time re-renders forever.
  const reactions = useSessionStore('feed', (state) => state.reactions).filter((r) => r.identity === participant.identity);
  const name = useDisplayName(participant);
  const verified = useIsVerified(participant);
  const responsive = useIsResponsive(participant);
  const blocked = useIsBlocked(participant);
  const publication = isTrackReference(trackRef) ? trackRef.publication : undefined;
  // Fail closed at the sink: only what the receive policy allows reaches the <video>.
  const allowed = useMayRender(participant.identity, publication);
  const hasVideo = (participant.isLocal || allowed) && !!publication?.track && !publication.isMuted;
  const label = `${name}${participant.isLocal ? ' (you)' : ''}`;

  return (
    <div
      className={`tile${speaking ? ' speaking' : ''}${large ? ' large' : ''}`}
      data-testid="participant-tile"
      data-identity={participant.identity}
      data-source={trackRef.source}
      data-verified={verified}
      data-blocked={blocked}
      data-responsive={responsive}
      data-local={participant.isLocal}
      data-camera={isTrackReference(trackRef) ? 'published' : 'none'}
      role="group"
      aria-label={`${label}${speaking ? ', speaking' : ''}${hand ? ', hand raised' : ''}`}
    >
      {hasVideo && isTrackReference(trackRef) ? (
        <VideoTrack trackRef={trackRef} className="tile-video" data-testid="tile-video" />
      ) : (
        <div className="avatar" aria-hidden="true">
          {initials(name)}
        </div>
      )}
      {blocked ? (
        <p className="unverified" data-testid="tile-blocked">
          Blocked: the server reported an unencrypted track for this participant. Nothing from it is shown or played.
        </p>
      ) : (
        !verified && (
          <p className="unverified" data-testid="tile-unverified">
            Not verified: this participant has not proven it holds the call's key. You are not receiving its audio or video.
          </p>
        )
      )}
      {verified && !responsive && (
        <p className="unverified" data-testid="tile-not-responding">
          Not responding: no longer receives new keys until it answers again.
        </p>
      )}
      <div className="tile-footer">
        <span className="tile-name">{label}</span>
        {(micMuted || !micRef.publication) && trackRef.source === Track.Source.Camera && (
          <span className="badge" role="img" aria-label="Microphone off" title="Microphone off">
            🔇
          </span>
        )}
        {hand && (
          <span className="badge" role="img" aria-label="Hand raised" title="Hand raised" data-testid="tile-hand">
            ✋
          </span>
        )}
        <span className={`quality q-${quality}`} role="img" aria-label={QUALITY_LABEL[quality]} title={QUALITY_LABEL[quality]} />
        {!participant.isLocal && trackRef.source === Track.Source.Camera && <TileListeningMenu identity={participant.identity} name={name} />}
      </div>
      <div className="reactions" aria-live="polite">
        {reactions.map((reaction) => (
          <span key={reaction.key} className="reaction" role="img" aria-label={`${name} reacted ${reaction.emoji}`}>
            {reaction.emoji}
          </span>
        ))}
      </div>
    </div>
  );
}
