import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlistFileManagedPreferencesReader, type PlistToJson } from './managed-preferences';
import { parseXmlPlist } from './xml-plist';

const PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <!-- written by a configuration profile -->
  <key>defaultServer</key>
  <string>https://meet.example.com</string>
  <key>requireE2EE</key>
  <true/>
  <key>allowScreenSharing</key>
  <false/>
  <key>allowedLinkHosts</key>
  <array>
    <string>meet.example.com</string>
    <string>*.corp.example</string>
  </array>
  <key>retries</key>
  <integer>3</integer>
  <key>note</key>
  <string>a &amp; b &lt;c&gt;</string>
  <key>empty</key>
  <string/>
</dict>
</plist>
`;

const missingPlutil: PlistToJson = () => Promise.reject(Object.assign(new Error('spawn plutil ENOENT'), { code: 'ENOENT' }));

describe('parseXmlPlist', () => {
  it('parses the value types profiles use', () => {
    expect(parseXmlPlist(PLIST)).toEqual({
      defaultServer: 'https://meet.example.com',
      requireE2EE: true,
      allowScreenSharing: false,
      allowedLinkHosts: ['meet.example.com', '*.corp.example'],
      retries: 3,
      note: 'a & b <c>',
      empty: '',
    });
  });

  it('rejects malformed documents', () => {
    for (const bad of ['', '<plist><dict><key>a</key></dict></plist>', '<plist><dict><string>x</string></dict></plist>', '<plist><true/><true/></plist>', '<plist><integer>1.5</integer></plist>']) {
      expect(() => parseXmlPlist(bad)).toThrow();
    }
  });
});

describe('PlistFileManagedPreferencesReader', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sealroom-mcx-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads device and per-user XML plists without plutil', async () => {
    await writeFile(join(root, 'app.sealroom.desktop.plist'), PLIST);
    await mkdir(join(root, 'ada'));
    await writeFile(join(root, 'ada', 'app.sealroom.desktop.plist'), '<plist><dict><key>updateMode</key><string>off</string></dict></plist>');
    const reader = new PlistFileManagedPreferencesReader({ root, plistToJson: missingPlutil });
    expect(await reader.read('app.sealroom.desktop', { kind: 'device' })).toMatchObject({ requireE2EE: true });
    expect(await reader.read('app.sealroom.desktop', { kind: 'user', userName: 'ada' })).toEqual({ updateMode: 'off' });
    expect(await reader.read('app.sealroom.desktop', { kind: 'user', userName: 'bob' })).toBeNull();
  });

  it('prefers plutil output, which also covers binary plists', async () => {
    await writeFile(join(root, 'app.sealroom.desktop.plist'), 'bplist00…');
    const reader = new PlistFileManagedPreferencesReader({ root, plistToJson: async () => '{"updateMode":"notify"}' });
    expect(await reader.read('app.sealroom.desktop', { kind: 'device' })).toEqual({ updateMode: 'notify' });
  });

  it('fails loudly on a binary plist when plutil is missing, and on plutil errors', async () => {
    await writeFile(join(root, 'app.sealroom.desktop.plist'), 'bplist00…');
    await expect(new PlistFileManagedPreferencesReader({ root, plistToJson: missingPlutil }).read('app.sealroom.desktop', { kind: 'device' })).rejects.toThrow(/plutil/);
    const failing: PlistToJson = () => Promise.reject(Object.assign(new Error('Command failed'), { code: 1 }));
    await expect(new PlistFileManagedPreferencesReader({ root, plistToJson: failing }).read('app.sealroom.desktop', { kind: 'device' })).rejects.toThrow();
  });
});
