import type { MediaAccess, MediaDeviceKind, PrivacyPane } from '../../shared/ipc/channels';
import { isBlockedByOs } from './media-access-status';

const SETTINGS_LABEL: Record<string, string> = {
  darwin: 'Open Privacy & Security settings',
  win32: 'Open Windows privacy settings',
};

/**
 * Shown in the lobby when the operating system (not Sealroom, not the browser) blocks the camera or microphone:
 * says so, and offers the system settings page where the user can allow it.
 */
export function MediaAccessNotice({
  kind,
  access,
  platform,
  onOpenSettings,
  settingsError,
}: {
  kind: MediaDeviceKind;
  access: MediaAccess | null;
  platform: string;
  onOpenSettings(pane: PrivacyPane): void;
  settingsError: string | null;
}) {
  if (!isBlockedByOs(access?.[kind])) return null;
  const device = kind === 'camera' ? 'camera' : 'microphone';
  const label = SETTINGS_LABEL[platform];
  return (
    <div className="warning" role="alert" data-testid={`media-access-blocked-${kind}`}>
      <p>
        {access?.[kind] === 'restricted'
          ? `Your organisation's device settings block Sealroom from using the ${device}. Ask your IT team.`
          : `Your system blocks Sealroom from using the ${device}. Allow Sealroom in your privacy settings, then come back.`}
      </p>
      {label && access?.[kind] === 'denied' && (
        <button type="button" className="secondary" onClick={() => onOpenSettings(kind)} data-testid={`media-access-settings-${kind}`}>
          {label}
        </button>
      )}
      {settingsError && <p className="field-error">{settingsError}</p>}
    </div>
  );
}
