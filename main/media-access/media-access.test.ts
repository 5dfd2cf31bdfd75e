import { describe, expect, it } from 'vitest';
import type { MediaAccessStatus } from '../../shared/ipc/channels';
import { createMediaAccess } from './media-access';
import { noSettingsPageMessage, systemSettingsUrl } from './system-settings';

function fakePreferences(statuses: Record<'camera' | 'microphone' | 'screen', MediaAccessStatus>, answer = true) {
  const asked: string[] = [];
  return {
    asked,
    getMediaAccessStatus: (type: 'camera' | 'microphone' | 'screen') => statuses[type],
    askForMediaAccess: async (type: 'camera' | 'microphone') => {
      asked.push(type);
      statuses[type] = answer ? 'granted' : 'denied';
      return answer;
    },
  };
}

describe('media access', () => {
  it('macOS: reports each kind, prompts only when undecided, and never re-prompts after a denial', async () => {
    const prefs = fakePreferences({ camera: 'not-determined', microphone: 'denied', screen: 'denied' });
    const access = createMediaAccess('darwin', prefs);
    expect(access.status()).toEqual({ camera: 'not-determined', microphone: 'denied', screen: 'denied' });
    await expect(access.request('camera')).resolves.toEqual({ granted: true, status: 'granted' });
    await expect(access.request('microphone')).resolves.toEqual({ granted: false, status: 'denied' });
    await expect(access.request('camera')).resolves.toEqual({ granted: true, status: 'granted' });
    expect(prefs.asked).toEqual(['camera']);
  });

  it('macOS: a prompt the user refuses reads as denied', async () => {
    const access = createMediaAccess('darwin', fakePreferences({ camera: 'not-determined', microphone: 'granted', screen: 'granted' }, false));
    await expect(access.request('camera')).resolves.toEqual({ granted: false, status: 'denied' });
  });

  it('Windows: privacy switches for camera and microphone, no screen gate, no prompt', async () => {
    const prefs = fakePreferences({ camera: 'denied', microphone: 'granted', screen: 'denied' });
    const access = createMediaAccess('win32', prefs);
    expect(access.status()).toEqual({ camera: 'denied', microphone: 'granted', screen: 'granted' });
    await expect(access.request('camera')).resolves.toEqual({ granted: false, status: 'denied' });
    expect(prefs.asked).toEqual([]);
  });

  it('Linux: no OS gate, and a missing or throwing API reads as unknown elsewhere', async () => {
    expect(createMediaAccess('linux', {}).status()).toEqual({ camera: 'granted', microphone: 'granted', screen: 'granted' });
    const throwing = createMediaAccess('darwin', {
      getMediaAccessStatus: () => {
        throw new Error('not available');
      },
    });
    expect(throwing.status().camera).toBe('unknown');
    await expect(throwing.request('microphone')).resolves.toEqual({ granted: true, status: 'unknown' });
  });
});

describe('OS gate for the permission handler', () => {
  it('answers at once when decided, refuses a denied device, and prompts on macOS only when undecided', async () => {
    const prefs = fakePreferences({ camera: 'granted', microphone: 'denied', screen: 'granted' });
    const mac = createMediaAccess('darwin', prefs);
    expect(mac.ensure(['camera'])).toBe(true);
    expect(mac.ensure(['camera', 'microphone'])).toBe(false);

    const undecided = fakePreferences({ camera: 'not-determined', microphone: 'granted', screen: 'granted' });
    const pending = createMediaAccess('darwin', undecided).ensure(['camera', 'microphone']);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toBe(true);
    expect(undecided.asked).toEqual(['camera']);

    const refused = fakePreferences({ camera: 'not-determined', microphone: 'granted', screen: 'granted' }, false);
    await expect(createMediaAccess('darwin', refused).ensure(['camera'])).resolves.toBe(false);

    expect(createMediaAccess('win32', fakePreferences({ camera: 'denied', microphone: 'granted', screen: 'granted' })).ensure(['camera'])).toBe(false);
    expect(createMediaAccess('linux', {}).ensure(['camera', 'microphone'])).toBe(true);
  });
});

describe('system settings pages', () => {
  it('points at the privacy page per OS and kind', () => {
    expect(systemSettingsUrl('darwin', 'camera')).toBe('x-apple.systempreferences:com.apple.preference.security?Privacy_Camera');
    expect(systemSettingsUrl('darwin', 'screen')).toMatch(/Privacy_ScreenCapture$/);
    expect(systemSettingsUrl('win32', 'camera')).toBe('ms-settings:privacy-webcam');
    expect(systemSettingsUrl('win32', 'microphone')).toBe('ms-settings:privacy-microphone');
    expect(systemSettingsUrl('win32', 'screen')).toBeNull();
    expect(systemSettingsUrl('linux', 'camera')).toBeNull();
    expect(noSettingsPageMessage('screen')).toContain('screen capture');
  });
});
