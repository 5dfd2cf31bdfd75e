import type { PrivacyPane } from '../../shared/ipc/channels';

/**
 * The system page where the user allows Sealroom a device: fixed addresses only, never built from input.
 * Windows has no per-app screen-capture switch for desktop apps, and Linux desktops have no common page.
 */
const SETTINGS_PAGES: Partial<Record<NodeJS.Platform, Partial<Record<PrivacyPane, string>>>> = {
  darwin: {
    camera: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Camera',
    microphone: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone',
    screen: 'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture',
  },
  win32: {
    camera: 'ms-settings:privacy-webcam',
    microphone: 'ms-settings:privacy-microphone',
  },
};

export function systemSettingsUrl(platform: NodeJS.Platform, pane: PrivacyPane): string | null {
  return SETTINGS_PAGES[platform]?.[pane] ?? null;
}

/** What to tell the user when there is no page to open. */
export function noSettingsPageMessage(pane: PrivacyPane): string {
  const device = pane === 'screen' ? 'screen capture' : `the ${pane}`;
  return `Your system has no settings page for ${device}. Check your desktop's privacy settings and that no other app is using it, then try again.`;
}
