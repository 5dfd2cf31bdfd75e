import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicyValues, POLICY_KEYS, policyKeySchemas } from '../../shared/policy';
import { ManagedPreferencesPolicySource, type ManagedPreferencesReader } from './managed-preferences';
import { parseXmlPlist } from './xml-plist';

const policyDir = join(import.meta.dirname, '..', '..', 'build', 'policy');
const read = (path: string) => readFile(join(policyDir, path), 'utf8');
const attributes = (xml: string, element: string, attribute: string) =>
  [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\s${attribute}="([^"]*)"`, 'g'))].map((match) => match[1]!);

/** The templates admins deploy must stay in step with the schema the app validates against. */
describe('ADMX/ADML', () => {
  it('covers every policy key with the registry names the reader expects', async () => {
    const admx = await read('windows/sealroom.admx');
    const valueNames = [...attributes(admx, 'policy', 'valueName'), ...attributes(admx, 'text', 'valueName'), ...attributes(admx, 'enum', 'valueName')];
    const listKeys = attributes(admx, 'list', 'key').map((key) => key.replace('Software\\Policies\\Sealroom\\', ''));
    expect([...valueNames, ...listKeys].sort()).toEqual([...POLICY_KEYS].sort());
    expect(new Set(attributes(admx, 'policy', 'key'))).toEqual(new Set(['Software\\Policies\\Sealroom']));
  });

  it('offers exactly the enum values the schema accepts', async () => {
    const admx = await read('windows/sealroom.admx');
    const enumValues = (id: string) => [...(admx.split(`<enum id="${id}"`)[1]?.split('</enum>')[0] ?? '').matchAll(/<string>([^<]*)<\/string>/g)].map((match) => match[1]);
    expect(enumValues('UpdateMode')).toEqual(policyKeySchemas.updateMode.options);
    expect(enumValues('UpdateChannel')).toEqual(policyKeySchemas.updateChannel.options);
  });

  it('defines every string and presentation the ADMX refers to', async () => {
    const [admx, adml] = await Promise.all([read('windows/sealroom.admx'), read('windows/en-US/sealroom.adml')]);
    const strings = new Set(attributes(adml, 'string', 'id'));
    const presentations = new Set(attributes(adml, 'presentation', 'id'));
    for (const [, id] of admx.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings, id).toContain(id);
    for (const [, id] of admx.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentations, id).toContain(id);
    const elementIds = ['text', 'list', 'enum'].flatMap((element) => attributes(admx, element, 'id'));
    expect(new Set(attributes(adml, '(?:textBox|listBox|dropdownList)', 'refId'))).toEqual(new Set(elementIds));
  });
});

describe('macOS .mobileconfig example', () => {
  it('is a valid profile whose Sealroom payload sets every key validly', async () => {
    const profile = parseXmlPlist(await read('macos/app.sealroom.desktop.mobileconfig')) as { PayloadType: string; PayloadContent: Array<Record<string, unknown>> };
    expect(profile.PayloadType).toBe('Configuration');
    const payload = profile.PayloadContent.find((entry) => entry.PayloadType === 'app.sealroom.desktop');
    expect(payload).toBeDefined();
    // Read it the way the app reads managed preferences, Payload bookkeeping included.
    const reader: ManagedPreferencesReader = { read: async () => payload };
    const result = await new ManagedPreferencesPolicySource(reader, 'app.sealroom.desktop', { kind: 'device' }).read();
    expect(result.kind).toBe('values');
    if (result.kind !== 'values') return;
    const { policy, issues } = parsePolicyValues(result.values, 'example');
    expect(issues).toEqual([]);
    expect(Object.keys(policy).sort()).toEqual([...POLICY_KEYS].sort());
  });
});

describe('Linux policy.json example', () => {
  it('sets every key validly', async () => {
    const { policy, issues } = parsePolicyValues(JSON.parse(await read('linux/policy.json')) as Record<string, unknown>, 'example');
    expect(issues).toEqual([]);
    expect(Object.keys(policy).sort()).toEqual([...POLICY_KEYS].sort());
  });
});

describe('docs/admin-guide.md', () => {
  it('documents every policy key with an example for each OS', async () => {
    const guide = await readFile(join(policyDir, '..', '..', 'docs', 'admin-guide.md'), 'utf8');
    for (const key of POLICY_KEYS) {
      expect(guide, key).toContain(`| \`${key}\` |`);
      expect(guide, key).toMatch(new RegExp(`reg add HKLM\\\\Software\\\\Policies\\\\Sealroom(\\\\${key} | /v ${key} )`));
      expect(guide, key).toContain(`<key>${key}</key>`);
      expect(guide, key).toContain(`"${key}":`);
    }
  });
});
