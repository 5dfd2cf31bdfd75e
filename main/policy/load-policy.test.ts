import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCreateAllowed, checkLinkAllowed, STRICT_POLICY_VALUES } from '../../shared/policy';
import { APP_BUNDLE_ID, loadPolicy, policySourcesFor } from './load-policy';
import type { Logger } from '../logger';
import type { ManagedPreferencesReader, ManagedPreferencesScope } from './managed-preferences';
import type { RegistryHive, RegistryReader, RegistryValue } from './registry-reader';

class FakeRegistry implements RegistryReader {
  constructor(private readonly keys: Partial<Record<string, RegistryValue[] | Error>>) {}

  async readValues(hive: RegistryHive, key: string): Promise<RegistryValue[] | null> {
    const entry = this.keys[`${hive}\\${key}`];
    if (entry instanceof Error) throw entry;
    return entry ?? null;
  }
}

class FakeManagedPreferences implements ManagedPreferencesReader {
  constructor(private readonly byScope: { device?: unknown; user?: unknown }) {}

  async read(bundleId: string, scope: ManagedPreferencesScope): Promise<unknown> {
    expect(bundleId).toBe(APP_BUNDLE_ID);
    const value = scope.kind === 'device' ? this.byScope.device : this.byScope.user;
    if (value instanceof Error) throw value;
    return value ?? null;
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(`info ${message}`), warn: (message) => lines.push(`warn ${message}`), error: (message) => lines.push(`error ${message}`) };
}

const sz = (name: string, data: string): RegistryValue => ({ name, type: 'REG_SZ', data });
const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
const KEY = 'Software\\Policies\\Sealroom';

describe('Windows registry policy', () => {
  it('HKLM beats HKCU key by key, and HKCU fills the rest', async () => {
    const registry = new FakeRegistry({
      [`HKLM\\${KEY}`]: [dword('requireE2EE', 1), sz('updateMode', 'off')],
      [`HKCU\\${KEY}`]: [dword('RequireE2EE', 0), sz('updateMode', 'automatic'), dword('allowScreenSharing', 0)],
    });
    const state = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry }), recordingLogger());
    expect(state.policy).toEqual({ requireE2EE: true, updateMode: 'off', allowScreenSharing: false });
    expect(state.sources).toEqual([`HKLM\\${KEY}`, `HKCU\\${KEY}`]);
    expect(state.managedKeys).toEqual(['requireE2EE', 'allowScreenSharing', 'updateMode']);
    expect(state.issues).toEqual([]);
  });

  it('reads lists from an ADMX list subkey in numeric order, or from REG_MULTI_SZ', async () => {
    const subkey = new FakeRegistry({
      [`HKLM\\${KEY}`]: [],
      [`HKLM\\${KEY}\\allowedLinkHosts`]: [sz('10', 'c.example'), sz('2', 'b.example'), sz('1', 'a.example')],
    });
    const fromSubkey = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry: subkey }), recordingLogger());
    expect(fromSubkey.policy.allowedLinkHosts).toEqual(['a.example', 'b.example', 'c.example']);

    const multi = new FakeRegistry({ [`HKCU\\${KEY}`]: [{ name: 'allowedLinkHosts', type: 'REG_MULTI_SZ', data: ['x.example'] }] });
    const fromMulti = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry: multi }), recordingLogger());
    expect(fromMulti.policy.allowedLinkHosts).toEqual(['x.example']);
  });

  it('an empty list subkey (policy disabled in Group Policy) leaves the key unmanaged', async () => {
    const registry = new FakeRegistry({ [`HKLM\\${KEY}`]: [], [`HKLM\\${KEY}\\allowedLinkHosts`]: [] });
    const state = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry }), recordingLogger());
    expect(state.managedKeys).toEqual([]);
  });

  it('no Sealroom key anywhere means nothing is managed', async () => {
    const state = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry: new FakeRegistry({}) }), recordingLogger());
    expect(state).toEqual({ policy: {}, managedKeys: [], sources: [], issues: [] });
  });

  it('an unreadable HKLM key locks every key to its strict value, which HKCU cannot loosen', async () => {
    const registry = new FakeRegistry({
      [`HKLM\\${KEY}`]: Object.assign(new Error('Access is denied'), { code: 'EPERM' }),
      [`HKCU\\${KEY}`]: [dword('requireE2EE', 0), sz('updateMode', 'automatic')],
    });
    const logger = recordingLogger();
    const state = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry }), logger);
    expect(state.policy).toEqual(STRICT_POLICY_VALUES);
    expect(state.issues).toEqual([expect.objectContaining({ key: '*', source: `HKLM\\${KEY}`, outcome: 'strict' })]);
    expect(logger.lines).toEqual([expect.stringMatching(/^error policy: HKLM\\Software\\Policies\\Sealroom: Policy could not be read \(registry read failed: EPERM\)/)]);
  });

  it('a DWORD other than 0/1 for a boolean is invalid: strict value, error naming the key', async () => {
    const registry = new FakeRegistry({ [`HKLM\\${KEY}`]: [dword('requireE2EE', 2), dword('allowScreenSharing', 1)] });
    const logger = recordingLogger();
    const state = await loadPolicy(policySourcesFor({ platform: 'win32', userName: 'ada', registry }), logger);
    expect(state.policy).toEqual({ requireE2EE: true, allowScreenSharing: true });
    expect(state.issues.map((issue) => issue.key)).toEqual(['requireE2EE']);
    expect(logger.lines).toEqual([expect.stringContaining('"requireE2EE" is invalid')]);
  });
});

describe('macOS managed preferences policy', () => {
  it('device-wide preferences beat per-user ones', async () => {
    const reader = new FakeManagedPreferences({
      device: { updateMode: 'notify', defaultServer: 'https://meet.corp.example' },
      user: { updateMode: 'automatic', updateChannel: 'beta' },
    });
    const state = await loadPolicy(policySourcesFor({ platform: 'darwin', userName: 'ada', managedPreferences: reader }), recordingLogger());
    expect(state.policy).toEqual({ updateMode: 'notify', defaultServer: 'https://meet.corp.example', updateChannel: 'beta' });
    expect(state.sources).toEqual([`managed preferences for ${APP_BUNDLE_ID}`, `managed preferences for ${APP_BUNDLE_ID} (user ada)`]);
  });

  it('a plist that is not a dictionary is unreadable and yields strict values', async () => {
    const reader = new FakeManagedPreferences({ device: ['not', 'a', 'dict'] });
    const state = await loadPolicy(policySourcesFor({ platform: 'darwin', userName: 'ada', managedPreferences: reader }), recordingLogger());
    expect(state.policy.requireE2EE).toBe(true);
    expect(state.issues[0]).toMatchObject({ key: '*', outcome: 'strict' });
  });
});

describe('Linux /etc/sealroom/policy.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealroom-policy-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = (linuxPolicyPath: string, logger = recordingLogger()) => loadPolicy(policySourcesFor({ platform: 'linux', userName: 'ada', linuxPolicyPath }), logger);

  it('reads a real file', async () => {
    const path = join(dir, 'policy.json');
    await writeFile(path, JSON.stringify({ requireE2EE: true, allowedLinkHosts: ['meet.example.com'], telemetry: 'off' }));
    const state = await load(path);
    expect(state.policy).toEqual({ requireE2EE: true, allowedLinkHosts: ['meet.example.com'], telemetry: 'off' });
    expect(state.sources).toEqual([path]);
  });

  it('a missing file means no policy', async () => {
    expect((await load(join(dir, 'missing.json'))).managedKeys).toEqual([]);
  });

  it('malformed JSON keeps strict values, reports an error and logs no file content', async () => {
    const path = join(dir, 'policy.json');
    await writeFile(path, '{ "defaultServer": "https://user:hunter2@meet.example.com", ');
    const logger = recordingLogger();
    const state = await load(path, logger);
    expect(state.policy).toEqual(STRICT_POLICY_VALUES);
    expect(state.issues).toEqual([expect.objectContaining({ key: '*', message: expect.stringContaining('not valid JSON') })]);
    expect(logger.lines.join('\n')).not.toContain('hunter2');
  });

  it('a file that cannot be read (a directory here) keeps strict values', async () => {
    const state = await load(dir);
    expect(state.policy).toEqual(STRICT_POLICY_VALUES);
    expect(state.issues[0]?.message).toContain('EISDIR');
  });

  it('an invalid value logs the failing key but never the value', async () => {
    const path = join(dir, 'policy.json');
    await writeFile(path, JSON.stringify({ defaultServer: 'ftp://token-s3cr3t@meet.example.com', updateMode: 'notify' }));
    const logger = recordingLogger();
    const state = await load(path, logger);
    expect(state.policy).toEqual({ updateMode: 'notify' });
    expect(logger.lines).toEqual([expect.stringContaining('"defaultServer" is invalid')]);
    expect(JSON.stringify({ state, lines: logger.lines })).not.toContain('s3cr3t');
  });

  it('require-E2EE from the file blocks creating and joining v1.off calls', async () => {
    const path = join(dir, 'policy.json');
    await writeFile(path, JSON.stringify({ requireE2EE: true }));
    const { policy } = await load(path);
    expect(checkCreateAllowed({ e2ee: false }, policy).ok).toBe(false);
    expect(checkLinkAllowed({ host: 'meet.example.com', hostname: 'meet.example.com', e2ee: false }, policy).ok).toBe(false);
  });
});

describe('loadPolicy', () => {
  it('treats a source that throws despite its contract as unreadable', async () => {
    const broken = { name: 'broken', read: () => Promise.reject(new Error('boom')) };
    const state = await loadPolicy([broken, { name: 'user', read: async () => ({ kind: 'values' as const, values: { requireE2EE: false } }) }], recordingLogger());
    expect(state.policy).toEqual(STRICT_POLICY_VALUES);
    expect(state.sources).toEqual(['broken', 'user']);
  });
});
