import { checkCreateAllowed, type Policy } from '../../shared/policy';

export interface NewCallEncryption {
  /** Whether the call about to be created is end-to-end encrypted. */
  e2ee: boolean;
  /** The switch cannot be turned off; `reason` says why. */
  locked: boolean;
  reason: string | null;
}

/** The "New call" encryption switch: the user's choice, unless the organisation requires encryption. */
export function newCallEncryption(chosen: boolean, policy: Policy): NewCallEncryption {
  const off = checkCreateAllowed({ e2ee: false }, policy);
  if (off.ok) return { e2ee: chosen, locked: false, reason: null };
  return { e2ee: true, locked: true, reason: off.error.message };
}
