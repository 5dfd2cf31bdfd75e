import { describe, expect, it } from 'vitest';
import { createPermissionPolicy } from './permissions';

const APP = 'app://sealroom/index.html';
const ELECTRON_PERMISSIONS = [
  'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection',
  'media', 'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal',
  'speaker-selection', 'storage-access', 'top-level-storage-access', 'window-management', 'unknown', 'fileSystem',
  'hid', 'serial', 'usb', 'deprecated-sync-clipboard-read', 'accessibility-events', 'background-sync',
];

function requestGrant(policy: ReturnType<typeof createPermissionPolicy>, permission: string, details: object) {
  let granted: boolean | undefined;
  policy.request(null, permission, (g) => (granted = g), details);
  return granted;
}

describe('permission policy', () => {
  const policy = createPermissionPolicy(() => ({ camera: true, microphone: false }));

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

  it.each(ELECTRON_PERMISSIONS.filter((p) => !['media', 'clipboard-sanitized-write', 'fullscreen'].includes(p)))(
    'denies %s, from the app and from anywhere else',
    (permission) => {
      expect(requestGrant(policy, permission, { requestingUrl: APP })).toBe(false);
      expect(requestGrant(policy, permission, { requestingUrl: 'https://evil.example/' })).toBe(false);
      expect(policy.check(null, permission, 'app://sealroom', { requestingUrl: APP })).toBe(false);
    },
  );

  it('lets the app copy a link and go full screen, nobody else', () => {
    expect(requestGrant(policy, 'clipboard-sanitized-write', { requestingUrl: APP })).toBe(true);
    expect(requestGrant(policy, 'fullscreen', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(policy.device()).toBe(false);
  });
});
