import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RoomLink } from '../../shared/room-link';
import { DISPLAY_NAME_MAX } from '../../shared/settings';
import { useAppStore } from '../app/useAppStore';
import { MediaAccessNotice } from '../media-access/MediaAccessNotice';
import { useMediaAccess } from '../media-access/useMediaAccess';
import { saveSettings } from '../settings/settings-actions';
import { useLocalPreview } from './useLocalPreview';
import { DeviceSelect, handOver, useMediaDevices } from '../devices';
import { useMicLevel } from './useMicLevel';
import { LobbyEffects } from './LobbyEffects';
import { effectChoicesOf, type EffectChoices } from '../devices/effects';
import { useEffectsPreview } from './useEffectsPreview';

import { prefetchCallToken, type JoinChoices } from '../call';

export function LobbyScreen({ link, onJoin }: { link: RoomLink; onJoin(choices: JoinChoices): void }) {
  const settings = useAppStore((state) => state.settings);
  const shell = useAppStore((state) => state.appInfo?.shell ?? 'web');
  const navigate = useAppStore((state) => state.navigate);
  const [displayName, setDisplayName] = useState(settings.displayName);
  const [camera, setCamera] = useState(settings.joinWithCamera);
  const [microphone, setMicrophone] = useState(settings.joinWithMicrophone);
  const [cameraDeviceId, setCameraDeviceId] = useState(settings.cameraDeviceId);
  const [microphoneDeviceId, setMicrophoneDeviceId] = useState(settings.microphoneDeviceId);
  const platform = useAppStore((state) => state.appInfo?.platform ?? 'web');
  const [effects, setEffects] = useState<EffectChoices>(() => effectChoicesOf(settings));
  // Asks the OS first (macOS prompt) and keeps main's media consent in step with the switches below.
  const mediaAccess = useMediaAccess({ camera, microphone });
  const cameraOn = camera && effects.videoMode !== 'audio-only';
  const preview = useLocalPreview({ camera: cameraOn, microphone, cameraDeviceId, microphoneDeviceId, shell, ...effects });
  const processed = useEffectsPreview(preview, effects.background, effects.noiseSuppression);
  const devices = useMediaDevices(preview.video ?? preview.audio);
  const level = useMicLevel(processed.audio);
  const videoRef = useRef<HTMLVideoElement>(null);
  const id = useId();

  useEffect(() => setDisplayName((current) => current || settings.displayName), [settings.displayName]);
  // The token is fetched while the person is still here, so Join does not wait for it (encrypted calls only).
  useEffect(() => prefetchCallToken(link), [link]);
  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = processed.video ? new MediaStream([processed.video]) : null;
  }, [processed.video]);

  const name = displayName.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name) return;
    void saveSettings({ displayName: name, joinWithCamera: camera, joinWithMicrophone: microphone, cameraDeviceId, microphoneDeviceId, ...effects });
    handOver({ camera: cameraOn ? preview.video : null, microphone: microphone ? preview.audio : null });
    onJoin({ displayName: name, camera: cameraOn, microphone, cameraDeviceId, microphoneDeviceId, effects });
  };

  return (
    <main className="lobby" data-testid="lobby-screen">
      <header className="topbar">
        <h1>Join call on {link.host}</h1>
        <button type="button" className="secondary" onClick={() => navigate({ name: 'home' })}>
          Back
        </button>
      </header>
      {!link.e2ee && (
        <p className="warning" role="note" data-testid="lobby-e2ee-off">
          This call is not end-to-end encrypted: the server can access its audio, video and chat.
        </p>
      )}
      <form className="lobby-grid" onSubmit={submit}>
        <div>
          {preview.video ? (
            <video ref={videoRef} className="preview" autoPlay muted playsInline aria-label="Your camera preview" data-testid="lobby-preview" />
          ) : (
            <div className="preview preview-off" role="img" aria-label="Camera is off">
              Camera off
            </div>
          )}
          <div className="row">
            <label className="switch">
              <input type="checkbox" checked={camera} onChange={(event) => setCamera(event.target.checked)} data-testid="lobby-camera" />
              Camera
            </label>
            <label className="switch">
              <input
                type="checkbox"
                checked={microphone}
                onChange={(event) => setMicrophone(event.target.checked)}
                data-testid="lobby-microphone"
              />
              Microphone
            </label>
          </div>
          {(['camera', 'microphone'] as const).map((kind) => (
            <MediaAccessNotice
              key={kind}
              kind={kind}
              access={mediaAccess.access}
              platform={platform}
              onOpenSettings={(pane) => void mediaAccess.openSettings(pane)}
              settingsError={mediaAccess.settingsError}
            />
          ))}
          {preview.errors.camera && <p className="field-error" role="alert">{preview.errors.camera}</p>}
          {preview.errors.microphone && <p className="field-error" role="alert">{preview.errors.microphone}</p>}
        </div>
        <div className="card">
          <label htmlFor={`${id}-name`}>Your name</label>
          <input
            id={`${id}-name`}
            data-testid="display-name"
            maxLength={DISPLAY_NAME_MAX}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            required
          />
          <DeviceSelect label="Camera" kind="Camera" devices={devices.cameras} value={cameraDeviceId} onChange={setCameraDeviceId} />
          <DeviceSelect label="Microphone" kind="Microphone" devices={devices.microphones} value={microphoneDeviceId} onChange={setMicrophoneDeviceId} />
          <div className="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
            <div style={{ width: `${Math.round(level * 100)}%` }} />
          </div>
          <LobbyEffects value={effects} onChange={(change) => setEffects((current) => ({ ...current, ...change }))} preview={processed} />
          <button type="submit" data-testid="join-call" disabled={!name}>
            Join call
          </button>
          {!name && <p className="field-hint">Enter the name others will see.</p>}
        </div>
      </form>
    </main>
  );
}
