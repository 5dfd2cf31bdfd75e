import type { Participant } from 'livekit-client';
import { useCallStore } from './useCallStore';

export const UNVERIFIED_NAME = 'Unverified participant';

/**
 * The name to show for a participant. In an encrypted call only the authenticated handshake names people (the
 * server could put any name in a token); an unencrypted call uses the name the participant joined with.
 */
export function useDisplayName(participant: Participant): string {
  const e2ee = useCallStore((state) => state.e2ee);
  const localName = useCallStore((state) => state.localName);
  const member = useCallStore((state) => state.members[participant.identity]);
  if (participant.isLocal) return localName || 'You';
  if (e2ee) return member?.verified && member.name ? member.name : UNVERIFIED_NAME;
  return participant.name?.trim() || 'Guest';
}

/** Whether a remote participant's media may be shown: always in an unencrypted call, once verified in an encrypted one. */
export function useIsTrusted(participant: Participant): boolean {
  const e2ee = useCallStore((state) => state.e2ee);
  const verified = useCallStore((state) => state.members[participant.identity]?.verified ?? false);
  return participant.isLocal || !e2ee || verified;
}
