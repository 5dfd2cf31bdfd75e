import { AudioTrack, useTracks, type TrackReference } from '@livekit/components-react';
import { Track, type RemoteAudioTrack } from 'livekit-client';
import { useEffect } from 'react';
import { useAppStore } from '../app/useAppStore';
import { useSpeakerSink } from '../devices';
import { useMayRender, useSessionStore } from './CallSessionContext';
import { selectPlaybackVolume } from './session';

function GuardedAudio({ trackRef, sinkId }: { trackRef: TrackReference; sinkId: string }) {
  const identity = trackRef.participant.identity;
  const allowed = useMayRender(identity, trackRef.publication);
  const volume = useSessionStore('listening', selectPlaybackVolume(identity));
  const track = trackRef.publication.track as RemoteAudioTrack | undefined;
  // After AudioTrack attached its element (children's effects run first); the track keeps the sink for later elements.
  useEffect(() => {
    if (allowed && track?.setSinkId) void track.setSinkId(sinkId).catch(() => undefined);
  }, [allowed, track, sinkId]);
  return allowed ? <AudioTrack trackRef={trackRef} volume={volume} data-testid="remote-audio" data-identity={identity} /> : null;
}

/**
 * Every remote audio track the receive policy allows, and nothing else: unlike LiveKit's RoomAudioRenderer, a track
 * the server pushed without our asking, from someone unverified, or marked unencrypted is never played. Each plays
 * through the chosen speaker (the system default while it is unplugged) at the volume set for that person here.
 */
export function RemoteAudio() {
  const tracks = useTracks([Track.Source.Microphone, Track.Source.ScreenShareAudio, Track.Source.Unknown], { onlySubscribed: true });
  const { sinkId } = useSpeakerSink(useAppStore((state) => state.settings.speakerDeviceId));
  return (
    <div style={{ display: 'none' }}>
      {tracks
        .filter((ref) => !ref.participant.isLocal && ref.publication.kind === Track.Kind.Audio)
        .map((ref) => (
          <GuardedAudio key={`${ref.participant.identity}:${ref.publication.trackSid}`} trackRef={ref} sinkId={sinkId} />
        ))}
    </div>
  );
}
