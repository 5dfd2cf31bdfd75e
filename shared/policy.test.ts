import { describe, expect, it } from 'vitest';
import {
  checkCreateAllowed,
  checkLinkAllowed,
  checkScreenShareAllowed,
  DEFAULT_POLICY_CONTROLLED_SETTINGS,
  effectiveSettings,
  mergePolicies,
  parsePolicyValues,
  PolicySchema,
  PolicyStateSchema,
  STRICT_POLICY_VALUES,
  strictPolicy,
} from './policy';
import { parseRoomLink, type RoomLink } from './room-link';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

function link(text: string): RoomLink {
  const result = parseRoomLink(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const encrypted = link(`https://meet.example.com/r/${ROOM}#v1.${SECRET}`);
const unencrypted = link(`https://meet.example.com/r/${ROOM}#v1.off`);

describe('parsePolicyValues', () => {
  it('accepts every documented key and normalises hosts', () => {
    const { policy, issues } = parsePolicyValues(
      {
        defaultServer: 'HTTPS://Meet.Example.com/',
        allowedLinkHosts: ['meet.example.com', '*.Corp.example', 'video.example.org:8443'],
        requireE2EE: true,
        allowScreenSharing: false,
        updateMode: 'automatic',
        updateChannel: 'beta',
        telemetry: 'off',
      },
      'test',
    );
    expect(issues).toEqual([]);
    expect(policy).toEqual({
      defaultServer: 'https://meet.example.com',
      allowedLinkHosts: ['meet.example.com', '*.corp.example', 'video.example.org:8443'],
      requireE2EE: true,
      allowScreenSharing: false,
      updateMode: 'automatic',
      updateChannel: 'beta',
      telemetry: 'off',
    });
  });

  it('replaces each invalid key with its strict value, keeps the valid ones and names the failing key', () => {
    const { policy, issues } = parsePolicyValues(
      { requireE2EE: 'yes', allowScreenSharing: 1, updateMode: 'always', updateChannel: 'stable', telemetry: 'on' },
      '/etc/sealroom/policy.json',
    );
    expect(policy).toEqual({ requireE2EE: true, allowScreenSharing: false, updateMode: 'off', updateChannel: 'stable', telemetry: 'off' });
    expect(issues.map((issue) => issue.key).sort()).toEqual(['allowScreenSharing', 'requireE2EE', 'telemetry', 'updateMode']);
    for (const issue of issues) {
      expect(issue.outcome).toBe('strict');
      expect(issue.source).toBe('/etc/sealroom/policy.json');
      expect(issue.message).toContain(`"${issue.key}"`);
    }
  });

  it('never echoes a rejected value, which might be a secret', () => {
    const { issues } = parsePolicyValues({ defaultServer: 'https://admin:hunter2@meet.example.com/path?token=s3cr3t' }, 'test');
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues)).not.toMatch(/hunter2|s3cr3t/);
  });

  it('drops an invalid default server instead of guessing one', () => {
    expect(parsePolicyValues({ defaultServer: 'http://meet.example.com' }, 'test').policy).toEqual({});
    expect(parsePolicyValues({ defaultServer: 'http://localhost:7880' }, 'test').policy).toEqual({ defaultServer: 'http://localhost:7880' });
  });

  it('ignores unknown keys with a notice rather than failing the policy', () => {
    const { policy, issues } = parsePolicyValues({ requireE2EE: false, FancyFeature: true }, 'test');
    expect(policy).toEqual({ requireE2EE: false });
    expect(issues).toEqual([expect.objectContaining({ key: 'FancyFeature', outcome: 'ignored' })]);
  });

  it('rejects host patterns that are not plain host names', () => {
    const { policy, issues } = parsePolicyValues({ allowedLinkHosts: ['https://meet.example.com'] }, 'test');
    expect(policy.allowedLinkHosts).toEqual([]);
    expect(issues[0]?.key).toBe('allowedLinkHosts');
  });
});

describe('strictPolicy and mergePolicies', () => {
  it('an unreadable source yields every strict value and one visible issue', () => {
    const { policy, issues } = strictPolicy('HKLM\\Software\\Policies\\Sealroom', 'access denied');
    expect(policy).toEqual(STRICT_POLICY_VALUES);
    expect(issues).toEqual([expect.objectContaining({ key: '*', outcome: 'strict' })]);
  });

  it('takes each key from the highest-precedence policy that sets it', () => {
    const merged = mergePolicies([{ requireE2EE: true }, { requireE2EE: false, updateMode: 'notify' }, { updateMode: 'automatic', telemetry: 'off' }]);
    expect(merged).toEqual({ requireE2EE: true, updateMode: 'notify', telemetry: 'off' });
  });
});

describe('effectiveSettings', () => {
  it('policy beats the user and reports the managed keys', () => {
    const user = { ...DEFAULT_POLICY_CONTROLLED_SETTINGS, displayName: 'Ada', defaultServer: 'https://mine.example', updateMode: 'automatic' as const };
    const { settings, managedKeys } = effectiveSettings(user, { defaultServer: 'https://meet.corp.example', updateMode: 'off', allowedLinkHosts: [] });
    expect(settings).toEqual({ ...user, defaultServer: 'https://meet.corp.example', updateMode: 'off' });
    expect(managedKeys).toEqual(['defaultServer', 'allowedLinkHosts', 'updateMode']);
  });

  it('leaves the user in charge when there is no policy', () => {
    expect(effectiveSettings(DEFAULT_POLICY_CONTROLLED_SETTINGS, {})).toEqual({ settings: DEFAULT_POLICY_CONTROLLED_SETTINGS, managedKeys: [] });
  });
});

describe('require E2EE', () => {
  it('blocks joining a v1.off link with a user-facing message', () => {
    const result = checkLinkAllowed(unencrypted, { requireE2EE: true });
    expect(result).toEqual({ ok: false, error: { code: 'e2ee-required', message: expect.stringContaining('requires end-to-end encryption') } });
    expect(checkLinkAllowed(encrypted, { requireE2EE: true })).toEqual({ ok: true });
  });

  it('blocks creating a call without E2EE', () => {
    expect(checkCreateAllowed({ e2ee: false }, { requireE2EE: true })).toMatchObject({ ok: false, error: { code: 'e2ee-required' } });
    expect(checkCreateAllowed({ e2ee: true }, { requireE2EE: true })).toEqual({ ok: true });
  });

  it('allows unencrypted calls when not required, and honours a user who requires it themselves', () => {
    expect(checkLinkAllowed(unencrypted, {})).toEqual({ ok: true });
    expect(checkCreateAllowed({ e2ee: false }, {})).toEqual({ ok: true });
    expect(checkCreateAllowed({ e2ee: false }, {}, { requireE2EE: true }).ok).toBe(false);
    expect(checkLinkAllowed(unencrypted, { requireE2EE: false }, { requireE2EE: true }).ok).toBe(true);
  });

  it('the strict fallback requires E2EE', () => {
    expect(checkLinkAllowed(unencrypted, strictPolicy('x', 'y').policy).ok).toBe(false);
  });
});

describe('allowed link hosts', () => {
  const policy = PolicySchema.parse({ allowedLinkHosts: ['*.corp.example', 'video.example.org:8443'], defaultServer: 'https://meet.example.com' });

  it('allows listed hosts, wildcard subdomains and the policy server', () => {
    expect(checkLinkAllowed(encrypted, policy).ok).toBe(true);
    expect(checkLinkAllowed(link(`https://a.b.corp.example/r/${ROOM}#v1.${SECRET}`), policy).ok).toBe(true);
    expect(checkLinkAllowed(link(`https://video.example.org:8443/r/${ROOM}#v1.${SECRET}`), policy).ok).toBe(true);
  });

  it('refuses other hosts, the bare wildcard domain and other ports', () => {
    for (const text of [
      `https://evil.example/r/${ROOM}#v1.${SECRET}`,
      `https://corp.example/r/${ROOM}#v1.${SECRET}`,
      `https://notcorp.example/r/${ROOM}#v1.${SECRET}`,
      `https://video.example.org/r/${ROOM}#v1.${SECRET}`,
    ]) {
      expect(checkLinkAllowed(link(text), policy)).toMatchObject({ ok: false, error: { code: 'host-not-allowed' } });
    }
  });

  it('allows any host when the key is absent', () => {
    expect(checkLinkAllowed(link(`https://evil.example/r/${ROOM}#v1.${SECRET}`), {}).ok).toBe(true);
  });
});

describe('screen sharing and the IPC shape', () => {
  it('blocks screen sharing only when the policy turns it off', () => {
    expect(checkScreenShareAllowed({ allowScreenSharing: false }).ok).toBe(false);
    expect(checkScreenShareAllowed({}).ok).toBe(true);
  });

  it('PolicyStateSchema accepts what main produces', () => {
    const parsed = parsePolicyValues({ requireE2EE: 'no' }, 'test');
    const state = { policy: parsed.policy, managedKeys: ['requireE2EE'], sources: ['test'], issues: parsed.issues };
    expect(PolicyStateSchema.parse(state)).toEqual(state);
  });
});
