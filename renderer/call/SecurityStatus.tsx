import { useSessionStore } from './CallSessionContext';
import { nameFor } from './participant-names';
import type { SecurityWarning, TrustState } from './session';

function warningText(trust: TrustState, warning: SecurityWarning): string {
  const who = warning.identity === null ? '' : nameFor(trust, warning.identity, undefined, false);
  switch (warning.kind) {
    case 'unencrypted-track':
      return `The server reported an unencrypted track for ${who}. Nothing from ${who} is shown or played on this device: someone may be attacking this call.`;
    case 'conflicting-hello':
    case 'second-session':
      return `Someone sent a conflicting handshake for ${who}, which no honest client does: it may be an attempt to intercept the call. It was ignored. Compare the security code aloud, and fingerprints in People.`;
    case 'restart-flood':
      return `${who}'s client keeps restarting its encrypted connection; some of its handshakes are being ignored.`;
    case 'delivery-stalled':
      return `Keys are not reaching ${who}. They may not see or hear you until the connection recovers.`;
    case 'unsolicited-track':
      return `The server sent a track from ${who} that this device did not ask for. It was stopped and not played.`;
    case 'protocol-error':
      return 'End-to-end encryption hit an error. Treat this call as not secure and rejoin.';
  }
}

/** The code to compare aloud, and every security warning, by name. */
export function SecurityStatus() {
  const trust = useSessionStore('trust', (state) => state);
  return (
    <>
      {trust.e2ee && (
        <p className="security" data-testid="e2ee-status">
          <span aria-hidden="true">🔒</span> End-to-end encrypted. Security code <strong data-testid="security-code">{trust.code ?? '…'}</strong>: read it aloud
          together. If everyone reads the same code, you all see the same people with the same names and keys, and nobody else can
          decrypt the call.
        </p>
      )}
      {trust.warnings.map((warning) => (
        <p key={`${warning.kind}/${warning.identity ?? ''}`} className="banner-danger" role="alert" data-testid="security-warning" data-kind={warning.kind} data-identity={warning.identity ?? ''}>
          {warningText(trust, warning)}
        </p>
      ))}
      {!trust.e2ee && (
        <p className="banner-danger" role="alert" data-testid="e2ee-off-banner">
          Not end-to-end encrypted: the server can access this call's audio, video and chat.
        </p>
      )}
    </>
  );
}
