import { useEffect, useState } from 'react';
import { describeMediaError, isHandedOver, type MediaKind } from '../devices';
import { cameraCapture, microphoneProcessing } from '../devices/effects';
import type { VideoMode } from '../../shared/settings';

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
  /** Capture choices (renderer/devices/effects): the camera's size and the microphone's own processing. */
  videoMode: VideoMode;
  echoCancellation: boolean;
  autoGainControl: boolean;
}): PreviewState {
  const [state, setState] = useState<PreviewState>({ video: null, audio: null, errors: {} });
  const { camera, microphone, cameraDeviceId, microphoneDeviceId, shell, videoMode, echoCancellation, autoGainControl } = options;

  useEffect(() => {
    let cancelled = false;
    const opened: MediaStreamTrack[] = [];
    const open = async (kind: MediaKind): Promise<{ track: MediaStreamTrack | null; error?: string }> => {
      const enabled = kind === 'camera' ? camera : microphone;
      if (!enabled || !navigator.mediaDevices) return { track: null };
      const deviceId = kind === 'camera' ? cameraDeviceId : microphoneDeviceId;
      const device: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : {};
      // The camera opens as the call will use it, so the preview can be handed to the call on Join.
      const constraints: MediaTrackConstraints =
        kind === 'camera' ? { ...cameraCapture(videoMode), ...device } : { ...microphoneProcessing({ echoCancellation, autoGainControl }), ...device };
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
  }, [camera, microphone, cameraDeviceId, microphoneDeviceId, shell, videoMode, echoCancellation, autoGainControl]);

  return state;
}
