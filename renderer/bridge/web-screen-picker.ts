import type { EventOf, ScreenPickRequest, ScreenSelection, ScreenSource } from '../../shared/ipc/channels';
import { err, ok, type IpcResult } from '../../shared/ipc/result';

export interface DisplayMediaHost {
  getDisplayMedia(options?: DisplayMediaStreamOptions): Promise<MediaStream>;
}

/** What a browser can be asked for: the surface kind. The browser's own dialog then names the exact screen or window. */
export const WEB_SCREEN_SOURCES: ScreenSource[] = [
  { id: 'monitor', name: 'Entire screen', kind: 'screen', thumbnail: null, appIcon: null },
  { id: 'window', name: 'A window', kind: 'window', thumbnail: null, appIcon: null },
  { id: 'browser', name: 'A browser tab', kind: 'tab', thumbnail: null, appIcon: null },
];

type Listener<T> = (value: T) => void;

/**
 * The web build's stand-in for main's display-media handler: it wraps `getDisplayMedia` so every caller (our hook,
 * livekit-client) goes through the same Sealroom picker as on the desktop, then hands the choice to the browser as
 * a surface hint. With no picker mounted it steps aside and the browser's own dialog is used.
 */
export function createWebScreenPicker(mediaDevices: DisplayMediaHost | undefined, newId: () => string) {
  const requestListeners = new Set<Listener<ScreenPickRequest>>();
  const cancelListeners = new Set<Listener<EventOf<'screen:pick-cancelled'>>>();
  let pending: { requestId: string; resolve(choice: ScreenSelection['choice']): void } | null = null;

  const cancelPending = () => {
    if (!pending) return;
    const { requestId, resolve } = pending;
    pending = null;
    resolve(null);
    cancelListeners.forEach((listener) => listener({ requestId }));
  };

  const ask = (): Promise<ScreenSelection['choice']> => {
    // A second request supersedes the first; the first caller gets a clean rejection instead of hanging.
    cancelPending();
    const requestId = newId();
    return new Promise((resolve) => {
      pending = { requestId, resolve };
      const request: ScreenPickRequest = { requestId, sources: WEB_SCREEN_SOURCES, audioSupported: true, blocked: null };
      requestListeners.forEach((listener) => listener(request));
    });
  };

  if (mediaDevices) {
    const original = mediaDevices.getDisplayMedia.bind(mediaDevices);
    mediaDevices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      if (requestListeners.size === 0) return original(options);
      const choice = await ask();
      if (!choice) throw new DOMException('Screen sharing was cancelled.', 'NotAllowedError');
      const video = typeof options?.video === 'object' ? options.video : {};
      // displaySurface, selfBrowserSurface and systemAudio are newer than TypeScript's DOM types.
      const constraints = {
        ...options,
        video: { ...video, displaySurface: choice.sourceId },
        audio: choice.audio,
        selfBrowserSurface: 'exclude',
        systemAudio: choice.audio ? 'include' : 'exclude',
      } as DisplayMediaStreamOptions;
      return original(constraints);
    };
  }

  return {
    onRequest(listener: Listener<ScreenPickRequest>): () => void {
      requestListeners.add(listener);
      return () => void requestListeners.delete(listener);
    },
    onCancelled(listener: Listener<EventOf<'screen:pick-cancelled'>>): () => void {
      cancelListeners.add(listener);
      return () => void cancelListeners.delete(listener);
    },
    /** The browser offers no thumbnails to refresh. */
    onSourcesUpdated(_listener: Listener<EventOf<'screen:sources-updated'>>): () => void {
      return () => undefined;
    },
    select(selection: ScreenSelection): IpcResult<null> {
      if (!pending || pending.requestId !== selection.requestId) {
        return err('invalid-payload', 'That screen-share request has already ended. Choose "Share screen" again.');
      }
      const choice = selection.choice;
      if (choice && !WEB_SCREEN_SOURCES.some((source) => source.id === choice.sourceId)) {
        return err('invalid-payload', 'That screen or window is no longer available. Pick another one.');
      }
      const { resolve } = pending;
      pending = null;
      resolve(choice);
      return ok(null);
    },
  };
}
