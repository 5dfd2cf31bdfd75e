import type { StoreApi } from 'zustand/vanilla';
import { KeyExchangeEvent, type KeyExchange, type RefusedWorkerMessage } from '../../e2ee';
import { trustActions, type TrustState } from './session-stores';
import { markOnce } from './timing';

/**
 * Keeps the trust slice in step with the key exchange: who is verified and responding (with the names the handshake
 * authenticated), the security code and fingerprints, and every security warning. `onChange` runs whenever what may
 * be received or rendered can change (the receive policy re-checks then). Returns the function that stops it.
 */
export function trackTrust(keyExchange: KeyExchange, trust: StoreApi<TrustState>, onChange: () => void): () => void {
  const member = (identity: string, change: Parameters<typeof trustActions.setMember>[2]) => trustActions.setMember(trust, identity, change);
  for (const info of keyExchange.members()) {
    member(info.identity, { name: info.displayName, verified: info.status === 'verified', responsive: info.responsive, hasKey: info.hasKey });
  }
  const showSummary = () => {
    const summary = keyExchange.securitySummary();
    if (!summary) return;
    trust.setState({ code: summary.code, fingerprints: Object.fromEntries(summary.members.map((entry) => [entry.identity, entry.fingerprint])) });
  };
  showSummary();
  trust.setState({ localIdentity: keyExchange.identity });
  const offs = [
    keyExchange.on(KeyExchangeEvent.MemberVerified, (identity, displayName) => {
      markOnce('verified');
      member(identity, { name: displayName, verified: true, responsive: true });
      onChange();
    }),
    keyExchange.on(KeyExchangeEvent.MemberUnverified, (identity) => {
      member(identity, { verified: false, hasKey: false });
      trustActions.clearWarning(trust, 'delivery-stalled', identity);
      onChange();
    }),
    keyExchange.on(KeyExchangeEvent.MemberUnresponsive, (identity) => member(identity, { responsive: false })),
    keyExchange.on(KeyExchangeEvent.MemberResponsive, (identity) => member(identity, { responsive: true })),
    keyExchange.on(KeyExchangeEvent.KeyForSender, (identity) => {
      markOnce('key');
      if (!trust.getState().members[identity]?.hasKey) member(identity, { hasKey: true });
      onChange();
    }),
    keyExchange.on(KeyExchangeEvent.SecurityCode, showSummary),
    keyExchange.on(KeyExchangeEvent.DeliveryStalled, (identity) => trustActions.warn(trust, { kind: 'delivery-stalled', identity })),
    keyExchange.on(KeyExchangeEvent.DeliveryRecovered, (identity) => trustActions.clearWarning(trust, 'delivery-stalled', identity)),
    keyExchange.on(KeyExchangeEvent.ProtocolViolation, (identity, kind) => trustActions.warn(trust, { kind, identity })),
    keyExchange.on(KeyExchangeEvent.ProtocolError, () => trustActions.warn(trust, { kind: 'protocol-error', identity: null })),
  ];
  return () => offs.forEach((off) => off());
}

/** What the worker guard refused, as a warning: the server tried to switch a member to plaintext. */
export function warnRefusedWorkerMessage(trust: StoreApi<TrustState>, refused: RefusedWorkerMessage): void {
  if (refused.kind === 'disable-decryption' && refused.identity !== '') trustActions.warn(trust, { kind: 'unencrypted-track', identity: refused.identity });
}
