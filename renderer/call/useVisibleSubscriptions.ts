import { RoomEvent, Track, type RemoteTrackPublication, type Room } from 'livekit-client';
import { useEffect } from 'react';

/** Whether a track may be received at all; in an encrypted call only verified members' encrypted tracks. */
export type ReceivePolicy = (identity: string, publication: RemoteTrackPublication) => boolean;

/**
 * The room joins with autoSubscribe off. Audio from everyone is received (people must hear whoever speaks); video
 * only for participants whose tile is on screen, so a 100-person call costs what the visible page costs.
 */
export function useVisibleSubscriptions(room: Room, visibleIdentities: ReadonlySet<string>, mayReceive: ReceivePolicy, trustVersion: unknown): void {
  useEffect(() => {
    const apply = () => {
      for (const participant of room.remoteParticipants.values()) {
        const visible = visibleIdentities.has(participant.identity);
        for (const publication of participant.trackPublications.values()) {
          const wanted = mayReceive(participant.identity, publication) && (publication.kind === Track.Kind.Audio || visible);
          if (publication.isDesired !== wanted) publication.setSubscribed(wanted);
        }
      }
    };
    apply();
    const events = [RoomEvent.TrackPublished, RoomEvent.ParticipantConnected, RoomEvent.Reconnected, RoomEvent.TrackUnmuted] as const;
    events.forEach((event) => room.on(event, apply));
    return () => events.forEach((event) => void room.off(event, apply));
  }, [room, visibleIdentities, mayReceive, trustVersion]);
}
