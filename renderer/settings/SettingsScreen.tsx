import { useId, useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX } from '../../shared/settings';
import { useMeetingServer } from '../app/meeting-server';
import { selectPolicyState } from '../app/policy-selectors';
import { useAppStore } from '../app/useAppStore';
import { bridge } from '../bridge/bridge';
import { DeviceSelect, useMediaDevices } from '../devices';
import { CallAlertsSection } from './CallAlertsSection';
import { MeetingServerSection } from './MeetingServerSection';
import { MiniWindowSection } from './MiniWindowSection';
import { PolicySection } from './PolicySection';
import { exportDiagnostics, runUpdateAction, saveSettings } from './settings-actions';
import { SupportSection } from './SupportSection';
import { UpdatesSection } from './UpdatesSection';
import { EffectsSection } from './EffectsSection';

export function SettingsScreen({ focus }: { focus?: 'meeting-server' | undefined }) {
  const settings = useAppStore((state) => state.settings);
  const settingsError = useAppStore((state) => state.settingsError);
  const navigate = useAppStore((state) => state.navigate);
  const policyState = useAppStore(selectPolicyState);
  const updateStatus = useAppStore((state) => state.updateStatus);
  const devices = useMediaDevices(null);
  const meetingServer = useMeetingServer();
  const builtInServer = useAppStore((state) => state.appInfo?.defaultServer ?? null);
  const shell = useAppStore((state) => state.appInfo?.shell ?? 'web');
  const [displayName, setDisplayName] = useState(settings.displayName);
  const [camera, setCamera] = useState(settings.cameraDeviceId ?? '');
  const [microphone, setMicrophone] = useState(settings.microphoneDeviceId ?? '');
  const [saved, setSaved] = useState(false);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(
      await saveSettings({ displayName: displayName.trim(), cameraDeviceId: camera || null, microphoneDeviceId: microphone || null }),
    );
  };

  return (
    <main className="settings" data-testid="settings-screen">
      <header className="topbar">
        <h1>Settings</h1>
        <button type="button" className="secondary" onClick={() => navigate({ name: 'home' })}>
          Back
        </button>
      </header>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${id}-name`}>Display name</label>
        <input
          id={`${id}-name`}
          data-testid="settings-display-name"
          maxLength={DISPLAY_NAME_MAX}
          value={displayName}
          onChange={(event) => (setDisplayName(event.target.value), setSaved(false))}
        />
        <p className="field-hint">Shown to the people in your calls; in encrypted calls the server never sees it.</p>
        <DeviceSelect label="Default camera" kind="Camera" devices={devices.cameras} value={camera || null} onChange={(deviceId) => (setCamera(deviceId ?? ''), setSaved(false))} />
        <DeviceSelect
          label="Default microphone"
          kind="Microphone"
          devices={devices.microphones}
          value={microphone || null}
          onChange={(deviceId) => (setMicrophone(deviceId ?? ''), setSaved(false))}
        />
        <div className="row">
          <button type="submit" data-testid="settings-save">
            Save
          </button>
          <span role="status" className="field-hint">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        {settingsError && (
          <p className="field-error" role="alert">
            {settingsError}
          </p>
        )}
      </form>
      <CallAlertsSection settings={settings} save={saveSettings} bridgeKind={bridge.kind} />
      <EffectsSection settings={settings} save={saveSettings} />
      <MeetingServerSection server={meetingServer} builtIn={builtInServer} autoFocus={focus === 'meeting-server'} save={saveSettings} />
      <MiniWindowSection enabled={settings.miniWindow} shell={shell} save={saveSettings} />
      <PolicySection policyState={policyState} />
      <UpdatesSection status={updateStatus} run={runUpdateAction} />
      <SupportSection exportDiagnostics={exportDiagnostics} />
    </main>
  );
}
