import type { Participant } from 'livekit-client';

/** The name to show for a participant: the name they joined with, or a neutral fallback, never their random identity. */
export function displayNameOf(participant: Participant): string {
  return participant.name?.trim() || (participant.isLocal ? 'You' : 'Guest');
}
