import {
  checkScreenShareAllowed,
  STRICT_POLICY_VALUES,
  type Policy,
  type PolicyKey,
  type PolicyState,
} from '../../shared/policy';
import type { AppState } from './useAppStore';

type PolicySlice = Pick<AppState, 'policyState'>;

/**
 * Until main has answered (App renders no screen before that), every check answers as the strictest policy would,
 * so nothing the organisation may forbid is offered for a moment and then taken away.
 */
const NOT_YET_LOADED: Policy = { ...STRICT_POLICY_VALUES };
const NO_KEYS: PolicyKey[] = [];

export const selectPolicyState = (state: PolicySlice): PolicyState | null => state.policyState;
export const selectPolicy = (state: PolicySlice): Policy => state.policyState?.policy ?? NOT_YET_LOADED;
export const selectManagedKeys = (state: PolicySlice): PolicyKey[] => state.policyState?.managedKeys ?? NO_KEYS;

/** For the call screen's share button: false when the organisation turned screen sharing off. */
export function screenSharingAllowed(state: PolicySlice): boolean {
  return checkScreenShareAllowed(selectPolicy(state)).ok;
}

/** Why sharing is unavailable, for the disabled share button's tooltip; null when it is allowed. */
export function screenSharingBlockedMessage(state: PolicySlice): string | null {
  const check = checkScreenShareAllowed(selectPolicy(state));
  return check.ok ? null : check.error.message;
}

/** Whether "New call" must stay end-to-end encrypted. */
export function e2eeRequired(state: PolicySlice): boolean {
  return selectPolicy(state).requireE2EE === true;
}
