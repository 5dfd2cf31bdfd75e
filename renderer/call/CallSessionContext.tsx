import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { CallSession, PublicationLike, SessionStores } from './session';

export const CallSessionContext = createContext<CallSession | null>(null);

export function useSession(): CallSession {
  const session = useContext(CallSessionContext);
  if (!session) throw new Error('useSession must be used inside a call');
  return session;
}

type StoreState<K extends keyof SessionStores> = ReturnType<SessionStores[K]['getState']>;

/** Reads one of the current session's stores, e.g. `useSessionStore('trust', (s) => s.code)`. */
export function useSessionStore<K extends keyof SessionStores, T>(slice: K, selector: (state: StoreState<K>) => T): T {
  const store = useSession().stores[slice] as unknown as StoreApi<StoreState<K>>;
  return useStore(store, selector);
}

const noPolicy = { subscribe: () => () => undefined, getVersion: () => 0 };

/** Whether a remote publication may reach a sink now; re-renders when the answer can change. */
export function useMayRender(identity: string, publication: PublicationLike | undefined): boolean {
  const policy = useSession().policy;
  const source = policy ?? noPolicy;
  useSyncExternalStore(source.subscribe, source.getVersion);
  return policy !== null && publication !== undefined && policy.mayRender(identity, publication);
}
