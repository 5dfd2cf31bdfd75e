import { useEffect, useState } from 'react';

export interface DeviceOptions {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  /** Audio outputs (empty where the browser cannot choose one). The system default is offered separately. */
  speakers: MediaDeviceInfo[];
  /** False until the first listing came back. */
  listed: boolean;
}

/** Device lists that follow hot-plugging (devicechange). */
export function useMediaDevices(refreshKey: unknown): DeviceOptions {
  const [devices, setDevices] = useState<DeviceOptions>({ cameras: [], microphones: [], speakers: [], listed: false });
  useEffect(() => {
    let cancelled = false;
    const refresh = () => {
      void navigator.mediaDevices
        ?.enumerateDevices()
        .then((all) => {
          if (cancelled) return;
          setDevices({
            cameras: all.filter((d) => d.kind === 'videoinput' && d.deviceId !== ''),
            microphones: all.filter((d) => d.kind === 'audioinput' && d.deviceId !== ''),
            speakers: all.filter((d) => d.kind === 'audiooutput' && d.deviceId !== '' && d.deviceId !== 'default'),
            listed: true,
          });
        })
        .catch(() => undefined);
    };
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, [refreshKey]);
  return devices;
}
