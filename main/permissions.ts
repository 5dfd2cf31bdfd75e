import { isAppUrl } from './app-origin';

/** What the user has allowed the call to use; media is granted only within these. */
export interface MediaConsent {
  camera: boolean;
  microphone: boolean;
}

export interface PermissionRequestDetails {
  requestingUrl?: string;
  mediaTypes?: Array<'video' | 'audio'>;
}
export interface PermissionCheckDetails {
  requestingUrl?: string;
  mediaType?: 'video' | 'audio' | 'unknown';
}

/** Permissions the app's own origin may have beyond media: copying a room link to the clipboard, going full screen. */
const APP_PERMISSIONS = new Set(['clipboard-sanitized-write', 'fullscreen']);

/**
 * getDisplayMedia asks for `display-capture` first. Granting it only lets the request reach the display-media
 * handler (main/screen-share), where the user picks what, if anything, is shared; other origins never get that far.
 */
const SCREEN_CAPTURE = 'display-capture';

/**
 * The operating system's own answer for these devices: true/false when known now, a promise while the OS prompt
 * (macOS) is showing. See main/media-access.
 */
export type OsMediaAccess = (kinds: Array<'camera' | 'microphone'>) => boolean | Promise<boolean>;

function mediaAllowed(types: Array<'video' | 'audio' | 'unknown'>, consent: MediaConsent): boolean {
  if (types.length === 0) return false;
  return types.every((type) => (type === 'video' ? consent.camera : type === 'audio' ? consent.microphone : false));
}

/**
 * Deny by default: only the app's own frames get anything, media only for the kinds the user enabled, screen
 * capture only through our picker, and every other permission name Electron defines (geolocation, notifications,
 * midi, hid, serial, …) is refused.
 */
export function createPermissionPolicy(getConsent: () => MediaConsent, osAccess: OsMediaAccess = () => true) {
  const request = (
    _webContents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: PermissionRequestDetails,
  ): void => {
    if (!isAppUrl(details.requestingUrl)) return callback(false);
    if (permission === 'media') {
      const types = details.mediaTypes ?? [];
      if (!mediaAllowed(types, getConsent())) return callback(false);
      // Before first use the OS is asked (the macOS prompt); a device the OS refuses fails here, cleanly.
      const os = osAccess(types.map((type) => (type === 'video' ? 'camera' : 'microphone')));
      if (typeof os === 'boolean') return callback(os);
      return void os.then(callback, () => callback(false));
    }
    callback(permission === SCREEN_CAPTURE || APP_PERMISSIONS.has(permission));
  };

  const check = (_webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails): boolean => {
    const url = details.requestingUrl ?? requestingOrigin;
    if (!isAppUrl(url) && !isAppUrl(`${requestingOrigin}/`)) return false;
    if (permission === 'media') return mediaAllowed([details.mediaType ?? 'unknown'], getConsent());
    return permission === SCREEN_CAPTURE || APP_PERMISSIONS.has(permission);
  };

  /** WebHID/WebUSB/serial device access: never. */
  const device = (): boolean => false;

  return { request, check, device };
}
