import { useRoomContext } from '@livekit/components-react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../app/useAppStore';
import { DeviceSelect, SpeakerSelect, useActiveDevice, useMediaDevices } from '../../devices';
import { saveSettings } from '../../settings/settings-actions';

/**
 * Camera, microphone and speaker in the call: the same pickers as the lobby and settings, switching live. The
 * speaker choice is kept (the speakerDeviceId setting), so the next call plays through it too.
 */
export function DevicesDialog({ onClose, onError }: { onClose(): void; onError(message: string): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const room = useRoomContext();
  const devices = useMediaDevices(null);
  const [camera, setCamera] = useActiveDevice(room, 'videoinput');
  const [microphone, setMicrophone] = useActiveDevice(room, 'audioinput');
  const speaker = useAppStore((state) => state.settings.speakerDeviceId);
  const fail = (what: string) => (error: unknown) => onError(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog devices-dialog" aria-labelledby="devices-title" onClose={onClose} data-testid="devices-dialog">
      <h2 id="devices-title">Devices</h2>
      <DeviceSelect label="Camera" kind="Camera" devices={devices.cameras} value={camera} onChange={(id) => void setCamera(id).catch(fail('Switching the camera'))} />
      <DeviceSelect label="Microphone" kind="Microphone" devices={devices.microphones} value={microphone} onChange={(id) => void setMicrophone(id).catch(fail('Switching the microphone'))} />
      <SpeakerSelect label="Speaker" value={speaker} onChange={(id) => void saveSettings({ speakerDeviceId: id })} />
      <div className="row">
        <button type="button" onClick={() => ref.current?.close()} data-testid="devices-close">
          Done
        </button>
      </div>
    </dialog>
  );
}
