import { describe, expect, it } from 'vitest';
import { parseRegQueryOutput, RegExeRegistryReader, type RunRegExe } from './registry-reader';

const SEALROOM_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom',
  '    defaultServer    REG_SZ    https://meet.example.com',
  '    requireE2EE    REG_DWORD    0x1',
  '    Update Mode    REG_SZ    notify',
  '    hosts    REG_MULTI_SZ    a.example\\0b.example',
  '    (Default)    REG_SZ',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom\\allowedLinkHosts',
  '',
].join('\r\n');

describe('parseRegQueryOutput', () => {
  it('reads keys and typed values, including names with spaces', () => {
    const output = parseRegQueryOutput(SEALROOM_OUTPUT);
    expect(output.keys).toEqual(['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom\\allowedLinkHosts']);
    expect(output.values.get('hkey_local_machine\\software\\policies\\sealroom')).toEqual([
      { name: 'defaultServer', type: 'REG_SZ', data: 'https://meet.example.com' },
      { name: 'requireE2EE', type: 'REG_DWORD', data: 1 },
      { name: 'Update Mode', type: 'REG_SZ', data: 'notify' },
      { name: 'hosts', type: 'REG_MULTI_SZ', data: ['a.example', 'b.example'] },
      { name: '(Default)', type: 'REG_SZ', data: '' },
    ]);
  });
});

function fakeRegExe(tree: Record<string, string>): { run: RunRegExe; calls: string[] } {
  const calls: string[] = [];
  const run: RunRegExe = async (args) => {
    const path = args[1] ?? '';
    calls.push(path);
    const output = tree[path.toLowerCase()];
    if (output === undefined) throw Object.assign(new Error('reg.exe failed'), { code: 1 });
    return output;
  };
  return { run, calls };
}

describe('RegExeRegistryReader', () => {
  const tree = {
    'hkey_local_machine\\software': 'HKEY_LOCAL_MACHINE\\SOFTWARE\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\r\n',
    'hkey_local_machine\\software\\policies': 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom\r\n',
    'hkey_local_machine\\software\\policies\\sealroom': SEALROOM_OUTPUT,
    'hkey_local_machine\\software\\policies\\sealroom\\allowedlinkhosts':
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Sealroom\\allowedLinkHosts\r\n    1    REG_SZ    meet.example.com\r\n',
    'hkey_current_user\\software': 'HKEY_CURRENT_USER\\Software\r\nHKEY_CURRENT_USER\\Software\\Microsoft\r\n',
  };

  it('walks down from Software, matching names case-insensitively, and uses the 64-bit view', async () => {
    const { run, calls } = fakeRegExe(tree);
    const argsSeen: string[][] = [];
    const reader = new RegExeRegistryReader(async (args) => {
      argsSeen.push(args);
      return run(args);
    });
    const values = await reader.readValues('HKLM', 'Software\\Policies\\Sealroom');
    expect(values?.map((value) => value.name)).toContain('requireE2EE');
    expect(await reader.readValues('HKLM', 'Software\\Policies\\Sealroom\\allowedLinkHosts')).toEqual([
      { name: '1', type: 'REG_SZ', data: 'meet.example.com' },
    ]);
    expect(argsSeen.every((args) => args[0] === 'query' && args[2] === '/reg:64')).toBe(true);
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls).not.toContain('HKEY_LOCAL_MACHINE');
  });

  it('reports a missing key as null without relying on reg.exe error text', async () => {
    const { run } = fakeRegExe(tree);
    expect(await new RegExeRegistryReader(run).readValues('HKCU', 'Software\\Policies\\Sealroom')).toBeNull();
  });

  it('throws when a key exists but cannot be queried', async () => {
    const unqueryable = Object.fromEntries(Object.entries(tree).filter(([path]) => path !== 'hkey_local_machine\\software\\policies\\sealroom'));
    const { run } = fakeRegExe(unqueryable);
    await expect(new RegExeRegistryReader(run).readValues('HKLM', 'Software\\Policies\\Sealroom')).rejects.toThrow();
  });
});
