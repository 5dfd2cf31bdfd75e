import { describe, expect, it } from 'vitest';
import type { PolicyState } from '../../shared/policy';
import { e2eeRequired, screenSharingAllowed, screenSharingBlockedMessage, selectManagedKeys, selectPolicy } from './policy-selectors';

const loaded = (policy: PolicyState['policy']) => ({
  policyState: { policy, managedKeys: Object.keys(policy) as PolicyState['managedKeys'], sources: ['test'], issues: [] },
});

describe('policy selectors', () => {
  it('allow screen sharing and unencrypted calls when nothing is managed', () => {
    const state = loaded({});
    expect(screenSharingAllowed(state)).toBe(true);
    expect(screenSharingBlockedMessage(state)).toBeNull();
    expect(e2eeRequired(state)).toBe(false);
    expect(selectManagedKeys(state)).toEqual([]);
  });

  it('follow the organisation’s policy', () => {
    const state = loaded({ allowScreenSharing: false, requireE2EE: true });
    expect(screenSharingAllowed(state)).toBe(false);
    expect(screenSharingBlockedMessage(state)).toBe('Your organisation has turned off screen sharing in Sealroom.');
    expect(e2eeRequired(state)).toBe(true);
    expect(selectManagedKeys(state)).toEqual(['allowScreenSharing', 'requireE2EE']);
    expect(screenSharingAllowed(loaded({ allowScreenSharing: true }))).toBe(true);
  });

  it('answer as the strictest policy before main has answered', () => {
    const state = { policyState: null };
    expect(screenSharingAllowed(state)).toBe(false);
    expect(e2eeRequired(state)).toBe(true);
    expect(selectPolicy(state).allowedLinkHosts).toEqual([]);
    expect(selectManagedKeys(state)).toEqual([]);
  });
});
