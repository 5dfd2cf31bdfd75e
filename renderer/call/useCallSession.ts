import { useEffect, useState } from 'react';
import type { RoomLink } from '../../shared/room-link';
import { bridge } from '../bridge/bridge';
import { defaultAwareness } from './awareness/default-awareness';
import type { JoinChoices } from './join-choices';
import { CallSession, type CallFactories } from './session';
import { defaultFactories } from './session/default-factories';

/**
 * The call session for this link and these choices: created and started when the view mounts, disposed when it goes.
 * A new session (Rejoin) means new stores, so nothing of the previous call shows.
 */
export function useCallSession(link: RoomLink, choices: JoinChoices, shell: 'electron' | 'web', factories: CallFactories = defaultFactories): CallSession | null {
  const [session, setSession] = useState<CallSession | null>(null);
  useEffect(() => {
    const created = new CallSession({ link, choices, factories, bridge, shell, awareness: defaultAwareness });
    setSession(created);
    void created.start();
    return () => created.dispose();
  }, [link, choices, shell, factories]);
  return session;
}
