import type { TrackReferenceOrPlaceholder } from '@livekit/components-react';

/** What choosing needs of a participant (livekit-client's Participant has all of it). */
interface Speaker {
  identity: string;
  isLocal: boolean;
  isSpeaking: boolean;
  lastSpokeAt?: Date | undefined;
}
type Tile<T> = Omit<T, 'participant'> & { participant: Speaker };

const spokeAt = (speaker: Speaker) => (speaker.isSpeaking ? Number.POSITIVE_INFINITY : (speaker.lastSpokeAt?.getTime() ?? 0));

/**
 * The one tile the mini window shows: someone else's screen share first, else whoever is speaking (or spoke last),
 * else the first other person, else ourselves when alone. Our own screen share is not shown back to us.
 */
export function chooseMiniFocus<T extends Tile<TrackReferenceOrPlaceholder>>(screens: readonly T[], cameras: readonly T[]): T | undefined {
  const share = screens.find((tile) => !tile.participant.isLocal);
  if (share) return share;
  const others = cameras.filter((tile) => !tile.participant.isLocal);
  // Stable for ties: the grid's order decides between people who never spoke.
  const speaker = others.reduce<T | undefined>((best, tile) => (!best || spokeAt(tile.participant) > spokeAt(best.participant) ? tile : best), undefined);
  return speaker ?? cameras.find((tile) => tile.participant.isLocal);
}
