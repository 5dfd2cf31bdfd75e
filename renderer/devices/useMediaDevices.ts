import { useEffect, useState } from 'react';

export interface DeviceOptions {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

/** Device lists that follow hot-plugging (devicechange). */
export function useMediaDevices(refreshKey: unknown): DeviceOptions {
  const [devices, setDevices] = useState<DeviceOptions>({ cameras: [], microphones: [] });
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
