import { describe, expect, it } from 'vitest';
import { managedKeysOf, type Policy } from '../../shared/policy';
import { managedValues } from './managed-values';

const stateOf = (policy: Policy) => ({ policy, managedKeys: managedKeysOf(policy), sources: ['/etc/sealroom/policy.json'], issues: [] });

describe('managedValues', () => {
  it('lists every managed key with a readable value', () => {
    const values = managedValues(
      stateOf({
        defaultServer: 'https://meet.example.com',
        allowedLinkHosts: ['*.corp.example'],
        requireE2EE: true,
        allowScreenSharing: false,
        updateMode: 'off',
        updateChannel: 'beta',
        telemetry: 'off',
      }),
    );
    expect(values.map((entry) => [entry.key, entry.value])).toEqual([
      ['defaultServer', 'https://meet.example.com'],
      ['allowedLinkHosts', '*.corp.example, meet.example.com (server for new calls)'],
      ['requireE2EE', 'Required'],
      ['allowScreenSharing', 'Turned off'],
      ['updateMode', 'Off'],
      ['updateChannel', 'Beta'],
      ['telemetry', 'Off'],
    ]);
  });

  it('lists nothing for an unmanaged computer, and only the keys the policy sets otherwise', () => {
    expect(managedValues(stateOf({}))).toEqual([]);
    expect(managedValues(stateOf({ allowedLinkHosts: [] })).map((entry) => entry.value)).toEqual(['None: joining calls by link is turned off']);
  });
});
