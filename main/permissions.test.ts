import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPermissionPolicy } from './permissions';

const APP = 'app://sealroom/index.html';
const GRANTED_TO_APP = ['media', 'display-capture', 'clipboard-sanitized-write', 'fullscreen'];

/** Every permission name the installed Electron's typings define for the request and check handlers. */
function electronPermissionNames(handler: 'setPermissionRequestHandler' | 'setPermissionCheckHandler'): string[] {
  const typings = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'electron.d.ts'), 'utf8');
  const line = typings.split('\n').find((text) => text.trimStart().startsWith(`${handler}(handler:`));
  const union = line && /permission: ((?:'[^']+' \| )*'[^']+')/.exec(line);
  if (!union) throw new Error(`${handler} not found in electron.d.ts; update this test for the new typings`);
  return [...union[1]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

const REQUEST_NAMES = electronPermissionNames('setPermissionRequestHandler');
const CHECK_NAMES = electronPermissionNames('setPermissionCheckHandler');

function requestGrant(policy: ReturnType<typeof createPermissionPolicy>, permission: string, details: object) {
  let granted: boolean | undefined;
  policy.request(null, permission, (g) => (granted = g), details);
  return granted;
}

describe('permission policy', () => {
  const policy = createPermissionPolicy(() => ({ camera: true, microphone: false }));

  it('knows the full list of Electron permission names', () => {
    expect(REQUEST_NAMES.length).toBeGreaterThan(30);
    expect(REQUEST_NAMES).toEqual(expect.arrayContaining(['media', 'display-capture', 'geolocation', 'hid', 'unknown']));
    expect(CHECK_NAMES).toEqual(expect.arrayContaining(['media', 'serial', 'usb']));
  });

  it('grants media only for the kinds the user enabled, only to the app', () => {
    expect(requestGrant(policy, 'media', { requestingUrl: APP, mediaTypes: ['video'] })).toBe(true);
    expect(requestGrant(policy, 'media', { requestingUrl: APP, mediaTypes: ['audio'] })).toBe(false);
    expect(requestGrant(policy, 'media', { requestingUrl: APP, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(requestGrant(policy, 'media', { requestingUrl: APP, mediaTypes: [] })).toBe(false);
    expect(requestGrant(policy, 'media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(policy.check(null, 'media', 'app://sealroom', { requestingUrl: APP, mediaType: 'video' })).toBe(true);
    expect(policy.check(null, 'media', 'app://sealroom', { requestingUrl: APP, mediaType: 'audio' })).toBe(false);
    expect(policy.check(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
  });

  it('follows the consent as it changes', () => {
    const consent = { camera: false, microphone: false };
    const live = createPermissionPolicy(() => consent);
    expect(requestGrant(live, 'media', { requestingUrl: APP, mediaTypes: ['audio'] })).toBe(false);
    consent.microphone = true;
    expect(requestGrant(live, 'media', { requestingUrl: APP, mediaTypes: ['audio'] })).toBe(true);
  });

  it('asks the OS before granting media, and refuses what the OS refuses', async () => {
    const asked: string[][] = [];
    const gated = createPermissionPolicy(
      () => ({ camera: true, microphone: true }),
      (kinds) => {
        asked.push(kinds);
        return kinds.includes('microphone') ? Promise.resolve(false) : true;
      },
    );
    expect(requestGrant(gated, 'media', { requestingUrl: APP, mediaTypes: ['video'] })).toBe(true);
    const answer = new Promise<boolean>((resolve) => gated.request(null, 'media', resolve, { requestingUrl: APP, mediaTypes: ['audio'] }));
    await expect(answer).resolves.toBe(false);
    expect(asked).toEqual([['camera'], ['microphone']]);
    // Consent is checked first: a kind the user switched off never reaches the OS prompt.
    const off = createPermissionPolicy(() => ({ camera: false, microphone: false }), () => {
      throw new Error('must not ask');
    });
    expect(requestGrant(off, 'media', { requestingUrl: APP, mediaTypes: ['video'] })).toBe(false);
  });

  it('lets screen capture reach the picker from the app only', () => {
    expect(requestGrant(policy, 'display-capture', { requestingUrl: APP, mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(requestGrant(policy, 'display-capture', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(policy.check(null, 'display-capture', 'https://evil.example', {})).toBe(false);
  });

  it.each(REQUEST_NAMES.filter((p) => !GRANTED_TO_APP.includes(p)))('request: denies %s, from the app and from anywhere else', (permission) => {
    expect(requestGrant(policy, permission, { requestingUrl: APP })).toBe(false);
    expect(requestGrant(policy, permission, { requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it.each(CHECK_NAMES.filter((p) => !GRANTED_TO_APP.includes(p)))('check: denies %s, for the app and anyone else', (permission) => {
    expect(policy.check(null, permission, 'app://sealroom', { requestingUrl: APP })).toBe(false);
    expect(policy.check(null, permission, 'https://evil.example', { requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it.each(REQUEST_NAMES)('request: denies %s to any other origin', (permission) => {
    expect(requestGrant(policy, permission, { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(requestGrant(policy, permission, {})).toBe(false);
  });

  it('lets the app copy a link and go full screen, nobody else, and never grants devices', () => {
    expect(requestGrant(policy, 'clipboard-sanitized-write', { requestingUrl: APP })).toBe(true);
    expect(requestGrant(policy, 'fullscreen', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(policy.device()).toBe(false);
  });
});
