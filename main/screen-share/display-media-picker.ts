import type { EventChannel, EventOf, MediaAccessStatus, ScreenSelection, ScreenSource } from '../../shared/ipc/channels';
import { IpcHandlerError } from '../ipc/register-handler';
import type { Logger } from '../logger';

/** The slices of Electron's desktopCapturer, NativeImage and display-media request this module needs. */
export interface NativeImageLike {
  isEmpty(): boolean;
  toJPEG(quality: number): Uint8Array;
  toPNG(): Uint8Array;
}
export interface CaptureSourceLike {
  id: string;
  name: string;
  thumbnail: NativeImageLike;
  appIcon: NativeImageLike | null;
}
export interface DesktopCapturerLike {
  getSources(options: {
    types: Array<'screen' | 'window'>;
    thumbnailSize: { width: number; height: number };
    fetchWindowIcons: boolean;
  }): Promise<CaptureSourceLike[]>;
}
export interface DisplayMediaRequestLike {
  securityOrigin: string;
  videoRequested: boolean;
  audioRequested: boolean;
  frame: { url: string } | null;
}
export interface GrantedStreams {
  video: { id: string; name: string };
  audio?: 'loopback';
}
export type DisplayMediaCallback = (streams: GrantedStreams | null) => void;

export interface TimersLike {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const NODE_TIMERS: TimersLike = {
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout | undefined),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

export interface DisplayMediaPickerDeps {
  capturer: DesktopCapturerLike;
  send<C extends EventChannel>(channel: C, payload: EventOf<C>): void;
  isTrustedUrl(url: string | null | undefined): boolean;
  /** Organisation policy; a refusal is explained in the picker. */
  checkAllowed(): { ok: true } | { ok: false; message: string };
  screenAccess(): MediaAccessStatus;
  /** System audio (loopback) exists only on Windows. */
  audioSupported: boolean;
  /** null on Wayland, where every listing goes through the desktop portal's own dialog. */
  refreshIntervalMs: number | null;
  /** Sealroom's own windows, which are never offered. */
  excludedSourceIds(): string[];
  /** A source was granted: capture is about to start. */
  onGranted(): void;
  /** A request nobody answers (picker never shown, window gone) is refused after this long. */
  answerTimeoutMs: number;
  timers: TimersLike;
  newId(): string;
  log: Logger;
}

const THUMBNAIL_SIZE = { width: 480, height: 270 } as const;
const THUMBNAIL_QUALITY = 70;
const MAX_SOURCES = 100;
const MAX_IMAGE_CHARS = 400_000;

interface PendingRequest {
  requestId: string;
  answer: DisplayMediaCallback;
  sources: Map<string, ScreenSource>;
  audio: boolean;
  refresh: unknown;
  timeout: unknown;
}

function dataUrl(image: NativeImageLike | null, type: 'jpeg' | 'png'): string | null {
  if (!image || image.isEmpty()) return null;
  const bytes = type === 'jpeg' ? image.toJPEG(THUMBNAIL_QUALITY) : image.toPNG();
  const url = `data:image/${type};base64,${Buffer.from(bytes).toString('base64')}`;
  return url.length <= MAX_IMAGE_CHARS ? url : null;
}

/** Calls Electron's callback once; it throws when the requesting frame is already gone, which is not our failure. */
function answerOnce(callback: DisplayMediaCallback, log: Logger): DisplayMediaCallback {
  let answered = false;
  return (streams) => {
    if (answered) return;
    answered = true;
    try {
      callback(streams);
    } catch (error) {
      log.warn(`display media: the requesting page went away before the answer (${error instanceof Error ? error.message : 'unknown'})`);
    }
  };
}

const SCREEN_PERMISSION_DENIED =
  'Sealroom is not allowed to record your screen. Turn on Sealroom under Privacy & Security → Screen & System Audio Recording, then restart Sealroom.';

/**
 * Answers every getDisplayMedia with our own picker in the renderer: main lists screens and windows, the renderer
 * shows them (`screen:pick-request`), the user's choice comes back through `screen:select`. Every path ends in
 * exactly one callback — a source, or null for cancel/refusal — so a cancelled share never blocks the next one.
 */
export function createDisplayMediaPicker(deps: DisplayMediaPickerDeps) {
  let pending: PendingRequest | null = null;

  const finish = (request: PendingRequest, streams: GrantedStreams | null): void => {
    deps.timers.clearInterval(request.refresh);
    deps.timers.clearTimeout(request.timeout);
    if (pending === request) pending = null;
    request.answer(streams);
  };

  const cancel = (reason: string): void => {
    if (!pending) return;
    const request = pending;
    deps.log.info(`screen share request ${request.requestId} cancelled: ${reason}`);
    finish(request, null);
    deps.send('screen:pick-cancelled', { requestId: request.requestId });
  };

  const listSources = async (): Promise<ScreenSource[]> => {
    const excluded = new Set(deps.excludedSourceIds());
    const sources = await deps.capturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: true });
    return sources
      .filter((source) => !excluded.has(source.id))
      .slice(0, MAX_SOURCES)
      .map((source) => ({
        id: source.id.slice(0, 256),
        name: source.name.slice(0, 256),
        kind: source.id.startsWith('screen:') ? ('screen' as const) : ('window' as const),
        thumbnail: dataUrl(source.thumbnail, 'jpeg'),
        appIcon: dataUrl(source.appIcon, 'png'),
      }));
  };

  const remember = (request: PendingRequest, sources: ScreenSource[]) => {
    request.sources = new Map(sources.map((source) => [source.id, source]));
  };

  const refresh = async (request: PendingRequest): Promise<void> => {
    try {
      const sources = await listSources();
      if (pending !== request) return;
      remember(request, sources);
      deps.send('screen:sources-updated', { requestId: request.requestId, sources });
    } catch (error) {
      deps.log.warn(`screen share: refreshing sources failed (${error instanceof Error ? error.message : 'unknown'})`);
    }
  };

  const handleRequest = async (request: DisplayMediaRequestLike, callback: DisplayMediaCallback): Promise<void> => {
    const answer = answerOnce(callback, deps.log);
    if (!deps.isTrustedUrl(request.frame?.url) && !deps.isTrustedUrl(`${request.securityOrigin.replace(/\/$/, '')}/`)) {
      deps.log.warn('screen share: refused a request from a page that is not Sealroom');
      return answer(null);
    }
    if (!request.videoRequested) return answer(null);
    // A second request replaces the first: its caller gets a rejection rather than a promise that never settles.
    cancel('a newer request replaced it');

    const current: PendingRequest = {
      requestId: deps.newId(),
      answer,
      sources: new Map(),
      audio: request.audioRequested && deps.audioSupported,
      refresh: undefined,
      timeout: undefined,
    };
    pending = current;
    current.timeout = deps.timers.setTimeout(() => pending === current && cancel('no answer from the picker'), deps.answerTimeoutMs);

    const policy = deps.checkAllowed();
    const access = deps.screenAccess();
    let blocked: { pane: 'screen' | null; message: string } | null = null;
    if (!policy.ok) blocked = { pane: null, message: policy.message };
    // macOS: listing sources while access is denied would only produce black thumbnails, so explain instead.
    else if (access === 'denied' || access === 'restricted') blocked = { pane: 'screen', message: SCREEN_PERMISSION_DENIED };

    let sources: ScreenSource[] = [];
    if (!blocked) {
      try {
        sources = await listSources();
      } catch (error) {
        deps.log.warn(`screen share: listing sources failed (${error instanceof Error ? error.message : 'unknown'})`);
        blocked = { pane: null, message: 'Sealroom could not list your screens and windows. Close the picker and try again.' };
      }
    }
    if (pending !== current) return;
    remember(current, sources);
    deps.send('screen:pick-request', { requestId: current.requestId, sources, audioSupported: current.audio, blocked });
    if (!blocked && deps.refreshIntervalMs !== null) {
      current.refresh = deps.timers.setInterval(() => void refresh(current), deps.refreshIntervalMs);
    }
  };

  const select = (selection: ScreenSelection): void => {
    const request = pending;
    if (!request || request.requestId !== selection.requestId) {
      throw new IpcHandlerError('invalid-payload', 'That screen-share request has already ended. Choose "Share screen" again.');
    }
    if (!selection.choice) {
      deps.log.info(`screen share request ${request.requestId}: cancelled by the user`);
      return finish(request, null);
    }
    // Only a source we offered for this request can be granted; an id from anywhere else is refused.
    const source = request.sources.get(selection.choice.sourceId);
    if (!source) throw new IpcHandlerError('invalid-payload', 'That screen or window is no longer available. Pick another one.');
    const streams: GrantedStreams = { video: { id: source.id, name: source.name } };
    if (selection.choice.audio && request.audio) streams.audio = 'loopback';
    deps.onGranted();
    finish(request, streams);
  };

  return { handleRequest, select, cancel, hasPendingRequest: (): boolean => pending !== null };
}

export type DisplayMediaPicker = ReturnType<typeof createDisplayMediaPicker>;
