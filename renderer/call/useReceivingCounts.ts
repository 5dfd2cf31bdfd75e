import { RoomEvent, Track, type Room } from 'livekit-client';
import { useEffect, useState } from 'react';

export interface ReceivingCounts {
  video: number;
  audio: number;
  publishedVideo: number;
}

function count(room: Room): ReceivingCounts {
  const counts = { video: 0, audio: 0, publishedVideo: 0 };
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      if (publication.kind === Track.Kind.Video) counts.publishedVideo++;
      if (!publication.isSubscribed) continue;
      if (publication.kind === Track.Kind.Video) counts.video++;
      else if (publication.kind === Track.Kind.Audio) counts.audio++;
    }
  }
  return counts;
}

/** How many remote tracks this client actually receives: shown in the people panel so users see what a big call costs. */
export function useReceivingCounts(room: Room): ReceivingCounts {
  const [counts, setCounts] = useState(() => count(room));
  useEffect(() => {
    const update = () => setCounts(count(room));
    const events = [RoomEvent.TrackSubscribed, RoomEvent.TrackUnsubscribed, RoomEvent.TrackPublished, RoomEvent.TrackUnpublished, RoomEvent.ParticipantDisconnected] as const;
    events.forEach((event) => room.on(event, update));
    update();
    return () => events.forEach((event) => void room.off(event, update));
  }, [room]);
  return counts;
}
