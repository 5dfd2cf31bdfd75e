import type { PolicyState } from '../../shared/policy';
import type { createIpcRegistrar } from './register-handler';

/** The policy is read once at startup (restart to apply a change), so the renderer gets that one answer. */
export function registerPolicyHandlers(handle: ReturnType<typeof createIpcRegistrar>, policyState: PolicyState): void {
  handle('policy:get', () => policyState);
}
