import type { Policy, PolicyKey, PolicyState } from '../../shared/policy';

export interface ManagedValue {
  key: PolicyKey;
  label: string;
  value: string;
}

const LABELS: Record<PolicyKey, string> = {
  defaultServer: 'Server for new calls',
  allowedLinkHosts: 'Servers you can join calls on',
  requireE2EE: 'End-to-end encryption',
  allowScreenSharing: 'Screen sharing',
  updateMode: 'Updates',
  updateChannel: 'Update channel',
  telemetry: 'Telemetry',
};

const UPDATE_MODES = { off: 'Off', notify: 'Ask before downloading', automatic: 'Automatic' } as const;

function describe(key: PolicyKey, policy: Policy): string {
  switch (key) {
    case 'defaultServer':
      return policy.defaultServer ?? '';
    case 'allowedLinkHosts': {
      const hosts = [...(policy.allowedLinkHosts ?? [])];
      if (policy.defaultServer !== undefined) hosts.push(`${new URL(policy.defaultServer).host} (server for new calls)`);
      return hosts.length ? hosts.join(', ') : 'None: joining calls by link is turned off';
    }
    case 'requireE2EE':
      return policy.requireE2EE ? 'Required' : 'Not required';
    case 'allowScreenSharing':
      return policy.allowScreenSharing ? 'Allowed' : 'Turned off';
    case 'updateMode':
      return policy.updateMode ? UPDATE_MODES[policy.updateMode] : '';
    case 'updateChannel':
      return policy.updateChannel === 'beta' ? 'Beta' : 'Stable';
    case 'telemetry':
      return 'Off';
  }
}

/** The values the organisation sets, in the order Settings lists them, worded for people rather than admins. */
export function managedValues(state: PolicyState): ManagedValue[] {
  return state.managedKeys.map((key) => ({ key, label: LABELS[key], value: describe(key, state.policy) }));
}
