import { useEffect } from 'react';
import { KeyExchangeEvent, type E2eeSession } from '../e2ee';
import { useCallStore } from './useCallStore';

/** Mirrors the key exchange into plain app state: who is verified (and their authenticated names), and the code. */
export function useE2eeState(session: E2eeSession | null): void {
  useEffect(() => {
    if (!session) return;
    const { keyExchange } = session;
    const store = useCallStore.getState;
    for (const member of keyExchange.members()) {
      store().setMember(member.identity, { name: member.displayName, verified: keyExchange.canRender(member.identity) });
    }
    store().setSecurityCode(keyExchange.securityCode());
    const offs = [
      keyExchange.on(KeyExchangeEvent.MemberVerified, (identity, displayName) => store().setMember(identity, { name: displayName, verified: true })),
      keyExchange.on(KeyExchangeEvent.MemberUnverified, (identity) =>
        store().setMember(identity, { name: store().members[identity]?.name ?? null, verified: false }),
      ),
      keyExchange.on(KeyExchangeEvent.SecurityCode, (code) => store().setSecurityCode(code)),
      keyExchange.on(KeyExchangeEvent.KeyForSender, () => store().noteKeyReceived()),
      keyExchange.on(KeyExchangeEvent.DeliveryStalled, () =>
        store().setSecurityWarning('Keys are not reaching someone in the call. They may not see or hear you until the connection recovers.'),
      ),
      keyExchange.on(KeyExchangeEvent.DeliveryRecovered, () => store().setSecurityWarning(null)),
      keyExchange.on(KeyExchangeEvent.ProtocolError, () =>
        store().setSecurityWarning('End-to-end encryption hit an error. Treat this call as not secure and rejoin.'),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, [session]);
}
