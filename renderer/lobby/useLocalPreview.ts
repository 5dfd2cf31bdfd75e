import { useEffect, useState } from 'react';
import { CAMERA_CAPTURE, describeMediaError, isHandedOver, type MediaKind } from '../devices';

export interface PreviewState {
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  errors: Partial<Record<MediaKind, string>>;
}

/** Opens the chosen camera/microphone for the lobby preview; each kind fails on its own with its own message. */
export function useLocalPreview(options: {
  camera: boolean;
  microphone: boolean;
  cameraDeviceId: string | null;
  microphoneDeviceId: string | null;
  shell: 'electron' | 'web';
}): PreviewState {
  const [state, setState] = useState<PreviewState>({ video: null, audio: null, errors: {} });
  const { camera, microphone, cameraDeviceId, microphoneDeviceId, shell } = options;

  useEffect(() => {
    let cancelled = false;
    const opened: MediaStreamTrack[] = [];
    const open = async (kind: MediaKind): Promise<{ track: MediaStreamTrack | null; error?: string }> => {
      const enabled = kind === 'camera' ? camera : microphone;
      if (!enabled || !navigator.mediaDevices) return { track: null };
      const deviceId = kind === 'camera' ? cameraDeviceId : microphoneDeviceId;
      const device: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : {};
      // The camera opens as the call will use it, so the preview can be handed to the call on Join.
      const constraints: MediaTrackConstraints = kind === 'camera' ? { ...CAMERA_CAPTURE, ...device } : device;
      try {
        const stream = await navigator.mediaDevices.getUserMedia(kind === 'camera' ? { video: constraints } : { audio: constraints });
        const track = stream.getTracks()[0] ?? null;
        if (track) opened.push(track);
        return { track };
      } catch (error) {
        return { track: null, error: describeMediaError(error, kind, shell) };
      }
    };
    void Promise.all([open('camera'), open('microphone')]).then(([video, audio]) => {
      if (cancelled) {
        opened.filter((track) => !isHandedOver(track)).forEach((track) => track.stop());
        return;
      }
      const errors: PreviewState['errors'] = {};
      if (video.error) errors.camera = video.error;
      if (audio.error) errors.microphone = audio.error;
      setState({ video: video.track, audio: audio.track, errors });
    });
    return () => {
      cancelled = true;
      opened.filter((track) => !isHandedOver(track)).forEach((track) => track.stop());
    };
  }, [camera, microphone, cameraDeviceId, microphoneDeviceId, shell]);

  return state;
}
