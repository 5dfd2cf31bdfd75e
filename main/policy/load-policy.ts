import { userInfo } from 'node:os';
import {
  managedKeysOf,
  mergePolicies,
  parsePolicyValues,
  PolicyStateSchema,
  strictPolicy,
  type ParsedPolicy,
  type PolicyState,
} from '../../shared/policy';
import { JsonFilePolicySource, LINUX_POLICY_PATH } from './linux-policy-file';
import { ManagedPreferencesPolicySource, PlistFileManagedPreferencesReader, type ManagedPreferencesReader } from './managed-preferences';
import type { Logger } from '../logger';
import type { PolicySource, PolicySourceResult } from './policy-source';
import { RegistryPolicySource } from './registry-policy-source';
import { RegExeRegistryReader, type RegistryReader } from './registry-reader';

export const APP_BUNDLE_ID = 'app.sealroom.desktop';

export interface PolicySourceOptions {
  platform: NodeJS.Platform;
  /** The signed-in user's short name, for per-user managed preferences on macOS. */
  userName: string;
  registry?: RegistryReader;
  managedPreferences?: ManagedPreferencesReader;
  linuxPolicyPath?: string;
}

/** The policy sources for this OS, highest precedence first: machine-wide beats per-user. */
export function policySourcesFor(options: PolicySourceOptions): PolicySource[] {
  switch (options.platform) {
    case 'win32': {
      const registry = options.registry ?? new RegExeRegistryReader();
      return [new RegistryPolicySource(registry, 'HKLM'), new RegistryPolicySource(registry, 'HKCU')];
    }
    case 'darwin': {
      const reader = options.managedPreferences ?? new PlistFileManagedPreferencesReader();
      return [
        new ManagedPreferencesPolicySource(reader, APP_BUNDLE_ID, { kind: 'device' }),
        new ManagedPreferencesPolicySource(reader, APP_BUNDLE_ID, { kind: 'user', userName: options.userName }),
      ];
    }
    default:
      return [new JsonFilePolicySource(options.linuxPolicyPath ?? LINUX_POLICY_PATH)];
  }
}

/**
 * Reads every source, validates each key, and merges by precedence. Never throws: a source that
 * cannot be read contributes strict values for every key, so it can only make the app more locked down.
 * Logs name keys and sources, never values.
 */
export async function loadPolicy(sources: readonly PolicySource[], logger: Logger): Promise<PolicyState> {
  const parsed: ParsedPolicy[] = [];
  const contributing: string[] = [];
  // Read concurrently (each registry hive costs a few reg.exe runs at startup), then merge in precedence order.
  const results = await Promise.all(
    sources.map((source) => source.read().catch((): PolicySourceResult => ({ kind: 'unreadable', reason: 'reader failed' }))),
  );
  for (const [index, source] of sources.entries()) {
    const result = results[index]!;
    if (result.kind === 'absent') continue;
    contributing.push(source.name);
    parsed.push(result.kind === 'values' ? parsePolicyValues(result.values, source.name) : strictPolicy(source.name, result.reason));
  }
  const policy = mergePolicies(parsed.map((entry) => entry.policy));
  const issues = parsed.flatMap((entry) => entry.issues);
  for (const issue of issues) {
    const line = `policy: ${issue.source}: ${issue.message}`;
    if (issue.outcome === 'strict') logger.error(line);
    else logger.warn(line);
  }
  return PolicyStateSchema.parse({ policy, managedKeys: managedKeysOf(policy), sources: contributing, issues });
}

function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The policy for this machine and user; what `main.ts` calls at startup before creating windows. */
export function loadSystemPolicy(logger: Logger): Promise<PolicyState> {
  return loadPolicy(policySourcesFor({ platform: process.platform, userName: currentUserName() }), logger);
}
