import type { Participant } from 'livekit-client';
import { useSessionStore } from './CallSessionContext';
import type { TrustState } from './session';

export const UNVERIFIED_NAME = 'Unverified participant';

/**
 * The name to show for a participant. In an encrypted call only the authenticated handshake names people (the
 * server could put any name in a token); an unencrypted call uses the name the participant joined with.
 */
export function nameFor(trust: TrustState, identity: string, serverName: string | undefined, isLocal: boolean): string {
  if (isLocal) return trust.localName || 'You';
  const member = trust.members[identity];
  if (trust.e2ee) return member?.verified && member.name ? member.name : UNVERIFIED_NAME;
  return serverName?.trim() || 'Guest';
}

export function useDisplayName(participant: Participant): string {
  return useSessionStore('trust', (trust) => nameFor(trust, participant.identity, participant.name, participant.isLocal));
}

/** Whether a participant completed the handshake (always true in an unencrypted call, and for this device). */
export function useIsVerified(participant: Participant): boolean {
  return useSessionStore('trust', (trust) => participant.isLocal || !trust.e2ee || (trust.members[participant.identity]?.verified ?? false));
}

/** False while a verified member does not answer heartbeats. */
export function useIsResponsive(participant: Participant): boolean {
  return useSessionStore('trust', (trust) => participant.isLocal || (trust.members[participant.identity]?.responsive ?? true));
}

/** The server reported an unencrypted track for this participant in an encrypted call: everything of it is blocked. */
export function useIsBlocked(participant: Participant): boolean {
  return useSessionStore('trust', (trust) => trust.warnings.some((warning) => warning.kind === 'unencrypted-track' && warning.identity === participant.identity));
}
