import type { MediaAccess, MediaAccessStatus, MediaDeviceKind } from '../../shared/ipc/channels';

/** The slice of Electron's systemPreferences this module needs (both methods are missing on Linux). */
export interface SystemPreferencesLike {
  getMediaAccessStatus?(mediaType: 'camera' | 'microphone' | 'screen'): MediaAccessStatus;
  askForMediaAccess?(mediaType: 'camera' | 'microphone'): Promise<boolean>;
}

/**
 * The operating system's own gate in front of camera, microphone and screen recording. macOS asks once per app
 * and then only the user can change the answer in System Settings; Windows has per-app privacy switches;
 * Linux has no such gate, so everything reads as granted there.
 */
export function createMediaAccess(platform: NodeJS.Platform, preferences: SystemPreferencesLike) {
  const statusOf = (mediaType: 'camera' | 'microphone' | 'screen'): MediaAccessStatus => {
    if (platform === 'linux') return 'granted';
    // Windows has no screen-recording switch for desktop apps.
    if (platform === 'win32' && mediaType === 'screen') return 'granted';
    if ((platform !== 'darwin' && platform !== 'win32') || !preferences.getMediaAccessStatus) return 'unknown';
    try {
      return preferences.getMediaAccessStatus(mediaType);
    } catch {
      return 'unknown';
    }
  };

  /**
   * Before first use: on macOS, shows the system prompt if the user has not decided. A decided answer is
   * returned as is; macOS never prompts twice, so a denial can only be changed in System Settings.
   */
  const request = async (kind: MediaDeviceKind): Promise<{ granted: boolean; status: MediaAccessStatus }> => {
    const before = statusOf(kind);
    if (platform === 'darwin' && before === 'not-determined' && preferences.askForMediaAccess) {
      const granted = await preferences.askForMediaAccess(kind).catch(() => false);
      return { granted, status: statusOf(kind) };
    }
    return { granted: before === 'granted' || before === 'not-determined' || before === 'unknown', status: before };
  };

  /**
   * For the permission handler: whether the OS lets these devices be used. Answers at once unless the macOS
   * prompt has to be shown first; a denied or restricted device is refused without trying it.
   */
  const ensure = (kinds: MediaDeviceKind[]): boolean | Promise<boolean> => {
    const statuses = kinds.map(statusOf);
    if (statuses.some((status) => status === 'denied' || status === 'restricted')) return false;
    if (platform !== 'darwin' || !statuses.includes('not-determined')) return true;
    return (async () => {
      for (const kind of kinds) if (!(await request(kind)).granted) return false;
      return true;
    })();
  };

  return {
    status: (): MediaAccess => ({ camera: statusOf('camera'), microphone: statusOf('microphone'), screen: statusOf('screen') }),
    screenStatus: (): MediaAccessStatus => statusOf('screen'),
    request,
    ensure,
  };
}

export type MediaAccessService = ReturnType<typeof createMediaAccess>;
