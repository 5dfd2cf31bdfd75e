import { POLICY_KEYS, type PolicyKey } from '../../shared/policy';
import { errorReason, type PolicySource, type PolicySourceResult } from './policy-source';
import type { RegistryHive, RegistryReader, RegistryValue } from './registry-reader';

const POLICY_REGISTRY_KEY = 'Software\\Policies\\Sealroom';

const BOOLEAN_KEYS: ReadonlySet<PolicyKey> = new Set(['requireE2EE', 'allowScreenSharing']);
const LIST_KEYS: readonly PolicyKey[] = ['allowedLinkHosts'];

/** Registry names are case-insensitive, so `RequireE2EE` written by hand still counts. */
function policyKeyFor(name: string): PolicyKey | null {
  return POLICY_KEYS.find((candidate) => candidate.toLowerCase() === name.toLowerCase()) ?? null;
}

/** Maps registry types onto the schema's; anything unexpected passes through unchanged and fails validation there. */
function toPolicyValue(key: PolicyKey, value: RegistryValue): unknown {
  if (BOOLEAN_KEYS.has(key) && value.type === 'REG_DWORD' && (value.data === 0 || value.data === 1)) return value.data === 1;
  return value.data;
}

/** An ADMX `list` element stores one value per entry (named 1, 2, …) in a subkey named after the policy. */
function listFromSubkey(values: RegistryValue[]): unknown[] {
  return [...values].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })).map((value) => value.data);
}

/** `HKLM` or `HKCU\Software\Policies\Sealroom`: one value per policy key, lists as a subkey or REG_MULTI_SZ. */
export class RegistryPolicySource implements PolicySource {
  readonly name: string;

  constructor(
    private readonly reader: RegistryReader,
    private readonly hive: RegistryHive,
  ) {
    this.name = `${hive}\\${POLICY_REGISTRY_KEY}`;
  }

  async read(): Promise<PolicySourceResult> {
    try {
      const values = await this.reader.readValues(this.hive, POLICY_REGISTRY_KEY);
      if (values === null) return { kind: 'absent' };
      const result: Record<string, unknown> = {};
      for (const value of values) {
        const key = policyKeyFor(value.name);
        // reg.exe prints the unnamed default value as a localised "(Default)"; it is never a policy.
        if (key === null && !value.name.startsWith('(')) result[value.name] = value.data;
        if (key !== null) result[key] = toPolicyValue(key, value);
      }
      for (const key of LIST_KEYS) {
        if (key in result) continue;
        const listValues = await this.reader.readValues(this.hive, `${POLICY_REGISTRY_KEY}\\${key}`);
        // Group Policy empties the subkey when the policy is disabled or unconfigured; that is "not managed", not "allow nothing".
        if (listValues !== null && listValues.length > 0) result[key] = listFromSubkey(listValues);
      }
      return { kind: 'values', values: result };
    } catch (error) {
      return { kind: 'unreadable', reason: `registry read failed: ${errorReason(error)}` };
    }
  }
}
