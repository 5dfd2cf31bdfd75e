import { AudioTrack, useTracks, type TrackReference } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useMayRender } from './CallSessionContext';

function GuardedAudio({ trackRef }: { trackRef: TrackReference }) {
  const allowed = useMayRender(trackRef.participant.identity, trackRef.publication);
  return allowed ? <AudioTrack trackRef={trackRef} /> : null;
}

/**
 * Every remote audio track the receive policy allows, and nothing else: unlike LiveKit's RoomAudioRenderer, a track
 * the server pushed without our asking, from someone unverified, or marked unencrypted is never played.
 */
export function RemoteAudio() {
  const tracks = useTracks([Track.Source.Microphone, Track.Source.ScreenShareAudio, Track.Source.Unknown], { onlySubscribed: true });
  return (
    <div style={{ display: 'none' }}>
      {tracks
        .filter((ref) => !ref.participant.isLocal && ref.publication.kind === Track.Kind.Audio)
        .map((ref) => (
          <GuardedAudio key={`${ref.participant.identity}:${ref.publication.trackSid}`} trackRef={ref} />
        ))}
    </div>
  );
}
