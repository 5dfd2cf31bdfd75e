import { useCallback, useEffect, useState } from 'react';
import type { MediaAccess, MediaDeviceKind, PrivacyPane } from '../../shared/ipc/channels';
import { bridge } from '../bridge/bridge';

/**
 * For the lobby: what the operating system allows, asked for before first use (the macOS prompt), kept in step
 * with the camera/microphone switches (main refuses media for a kind that is off), and re-read when the user
 * comes back from System Settings.
 */
export function useMediaAccess({ camera, microphone }: { camera: boolean; microphone: boolean }) {
  const [access, setAccess] = useState<MediaAccess | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await bridge.getMediaAccessStatus();
    if (result.ok) setAccess(result.data);
    return result.ok ? result.data : null;
  }, []);

  useEffect(() => {
    void bridge.setMediaConsent({ camera, microphone });
  }, [camera, microphone]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const current = await refresh();
      const wanted: MediaDeviceKind[] = [...(camera ? ['camera' as const] : []), ...(microphone ? ['microphone' as const] : [])];
      for (const kind of wanted) {
        if (cancelled || current?.[kind] !== 'not-determined') continue;
        await bridge.requestMediaAccess(kind);
      }
      if (!cancelled) await refresh();
    })();
    return () => {
      cancelled = true;
    };
  }, [camera, microphone, refresh]);

  useEffect(() => {
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh]);

  const openSettings = useCallback(async (pane: PrivacyPane) => {
    const result = await bridge.openMediaSettings(pane);
    setSettingsError(result.ok ? null : result.error.message);
  }, []);

  return { access, refresh, openSettings, settingsError };
}
