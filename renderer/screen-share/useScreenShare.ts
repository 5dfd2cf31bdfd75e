import { useCallback, useEffect, useRef, useState } from 'react';
import { bridge } from '../bridge/bridge';
import { describeShareError, describeSharedSurface } from './shared-surface';
import { useScreenPickerStore } from './useScreenPickerStore';

export interface SharedTracks {
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
}

export type ScreenShareState =
  | { phase: 'idle'; error: string | null }
  /** getDisplayMedia is running: the picker (ours, then the browser's on the web) is open. */
  | { phase: 'choosing' }
  /** Captured but not yet shown to anyone: the user checks the preview and confirms. */
  | { phase: 'preview'; stream: MediaStream; name: string }
  | { phase: 'sharing'; stream: MediaStream; name: string };

export interface ScreenShareOptions {
  /** Publish to the call, e.g. `localParticipant.publishTrack(video, { source: Track.Source.ScreenShare })`. */
  onPublish(tracks: SharedTracks): Promise<void> | void;
  /** Unpublish what onPublish published. */
  onUnpublish(tracks: SharedTracks): Promise<void> | void;
}

function tracksOf(stream: MediaStream): SharedTracks | null {
  const video = stream.getVideoTracks()[0];
  return video ? { video, audio: stream.getAudioTracks()[0] ?? null } : null;
}

/**
 * Screen sharing for the call UI: start → picker → live preview → confirm → sharing → stop. Sharing also stops on
 * its own when the shared window or screen goes away (the track ends), and while it runs Sealroom's windows are
 * kept out of the capture.
 */
export function useScreenShare({ onPublish, onUnpublish }: ScreenShareOptions) {
  const [state, setState] = useState<ScreenShareState>({ phase: 'idle', error: null });
  const current = useRef<{ stream: MediaStream; published: boolean } | null>(null);
  const callbacks = useRef({ onPublish, onUnpublish });
  callbacks.current = { onPublish, onUnpublish };

  const release = useCallback(async (error: string | null = null) => {
    const active = current.current;
    current.current = null;
    setState({ phase: 'idle', error });
    if (!active) return;
    active.stream.getTracks().forEach((track) => track.stop());
    // Main protected our windows when it granted the source, so this runs after a cancelled preview too.
    await bridge.setScreenSharing(false);
    const tracks = tracksOf(active.stream);
    if (active.published && tracks) await callbacks.current.onUnpublish(tracks);
  }, []);

  const start = useCallback(async () => {
    if (current.current) return;
    setState({ phase: 'choosing' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch (error) {
      setState({ phase: 'idle', error: describeShareError(error) });
      return;
    }
    const tracks = tracksOf(stream);
    if (!tracks) {
      stream.getTracks().forEach((track) => track.stop());
      setState({ phase: 'idle', error: 'Nothing was captured. Try again and pick a screen or window.' });
      return;
    }
    current.current = { stream, published: false };
    // The shared window closed or the screen went away: stop sharing rather than sending a frozen frame.
    tracks.video.addEventListener('ended', () => current.current?.stream === stream && void release(), { once: true });
    const name = describeSharedSurface(bridge.kind, useScreenPickerStore.getState().chosen, tracks.video.getSettings().displaySurface);
    setState({ phase: 'preview', stream, name });
  }, [release]);

  const confirm = useCallback(async () => {
    const active = current.current;
    const tracks = active && tracksOf(active.stream);
    if (!active || !tracks || active.published) return;
    active.published = true;
    setState((previous) => (previous.phase === 'preview' ? { ...previous, phase: 'sharing' } : previous));
    await bridge.setScreenSharing(true);
    try {
      await callbacks.current.onPublish(tracks);
    } catch {
      await release('Your screen could not be sent to the call. Check your connection, then try again.');
    }
  }, [release]);

  const stop = useCallback(() => release(), [release]);

  useEffect(() => () => void release(), [release]);

  return { state, start, confirm, cancelPreview: stop, stop };
}
