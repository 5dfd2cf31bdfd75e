import { STRICT_POLICY_VALUES, type PolicyState } from '../../shared/policy';
import type { SealroomBridge } from '../../shared/bridge';
import { useAppStore } from './useAppStore';

/** If main cannot tell us the policy, behave as an unreadable policy source does in main: safe values for every key. */
export const UNREADABLE_POLICY_STATE: PolicyState = {
  policy: { ...STRICT_POLICY_VALUES },
  managedKeys: [],
  sources: [],
  issues: [
    {
      key: '*',
      source: 'Sealroom',
      outcome: 'strict',
      message: "Sealroom could not read your organisation's policy, so its safe settings apply. Restart Sealroom; if this keeps happening, contact your IT team.",
    },
  ],
};

/** Loads the policy into the store; resolves once screens may use it. */
export async function loadPolicy(bridge: Pick<SealroomBridge, 'getPolicy'>): Promise<PolicyState> {
  const result = await bridge.getPolicy().catch(() => null);
  const state = result?.ok ? result.data : UNREADABLE_POLICY_STATE;
  useAppStore.getState().setPolicyState(state);
  return state;
}

/** Keeps the store's update status current: the first answer, then every change main pushes. */
export function followUpdateStatus(bridge: Pick<SealroomBridge, 'getUpdateStatus' | 'onUpdateStatus'>): () => void {
  const { setUpdateStatus } = useAppStore.getState();
  let pushed = false;
  const unsubscribe = bridge.onUpdateStatus((status) => {
    pushed = true;
    setUpdateStatus(status);
  });
  void bridge.getUpdateStatus().then((result) => {
    // A pushed status is newer than the answer to a request sent before it.
    if (result.ok && !pushed) setUpdateStatus(result.data);
  });
  return unsubscribe;
}
