import { useId } from 'react';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { SpeakerSelect } from '../devices';

/** The web build asks the browser once, when the user turns notifications on (a click the browser accepts). */
function askBrowserForNotifications(kind: 'electron' | 'web'): void {
  if (kind === 'web' && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/** Speaker, call sounds and notifications; each change is saved at once. */
export function CallAlertsSection({ settings, save, bridgeKind }: { settings: Settings; save(patch: SettingsPatch): Promise<boolean>; bridgeKind: 'electron' | 'web' }) {
  const id = useId();
  const toggle = (key: 'callSounds' | 'callNotifications' | 'notificationPreviews', label: string, hint: string, disabled = false) => (
    <>
      <label className="switch" htmlFor={`${id}-${key}`}>
        <input
          id={`${id}-${key}`}
          type="checkbox"
          checked={settings[key]}
          disabled={disabled}
          onChange={(event) => {
            if (key === 'callNotifications' && event.target.checked) askBrowserForNotifications(bridgeKind);
            void save({ [key]: event.target.checked });
          }}
          aria-describedby={`${id}-${key}-hint`}
          data-testid={`settings-${key}`}
        />
        {label}
      </label>
      <p className="field-hint" id={`${id}-${key}-hint`}>
        {hint}
      </p>
    </>
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="settings-call-alerts">
      <h2 id={`${id}-title`}>Sound and notifications</h2>
      <SpeakerSelect label="Speaker" value={settings.speakerDeviceId} onChange={(deviceId) => void save({ speakerDeviceId: deviceId })} />
      {toggle('callSounds', 'Play sounds in calls', 'A short sound when someone joins or leaves, raises a hand, or writes in the chat.')}
      {toggle('callNotifications', 'Notify me while Sealroom is in the background', 'Raised hands and chat messages, as notifications of your system.')}
      {toggle(
        'notificationPreviews',
        'Show names and messages in notifications',
        'Off: a notification only says that something happened. Names and messages are end-to-end encrypted; your system may show notifications on the lock screen and keep them.',
        !settings.callNotifications,
      )}
    </section>
  );
}
