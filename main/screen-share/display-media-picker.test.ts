import { describe, expect, it } from 'vitest';
import type { EventChannel, MediaAccessStatus } from '../../shared/ipc/channels';
import { IpcHandlerError } from '../ipc/register-handler';
import { createDisplayMediaPicker, type CaptureSourceLike, type DisplayMediaPickerDeps, type GrantedStreams } from './display-media-picker';

const image = (empty = false) => ({ isEmpty: () => empty, toJPEG: () => new Uint8Array([1, 2, 3]), toPNG: () => new Uint8Array([4]) });
const SOURCES: CaptureSourceLike[] = [
  { id: 'screen:0:0', name: 'Entire screen', thumbnail: image(), appIcon: null },
  { id: 'window:42:0', name: 'Quarterly report.pdf', thumbnail: image(), appIcon: image() },
  { id: 'window:7:0', name: 'Sealroom', thumbnail: image(), appIcon: image() },
  { id: 'window:9:0', name: 'Minimised', thumbnail: image(true), appIcon: null },
];
const APP_REQUEST = { securityOrigin: 'app://sealroom/', videoRequested: true, audioRequested: true, frame: { url: 'app://sealroom/index.html' } };

function fakeTimers() {
  let next = 1;
  const intervals = new Map<number, () => void>();
  const timeouts = new Map<number, () => void>();
  return {
    intervals,
    timeouts,
    timers: {
      setInterval: (run: () => void) => (intervals.set(next, run), next++),
      clearInterval: (handle: unknown) => void intervals.delete(handle as number),
      setTimeout: (run: () => void) => (timeouts.set(next, run), next++),
      clearTimeout: (handle: unknown) => void timeouts.delete(handle as number),
    },
  };
}

function setup(overrides: Partial<DisplayMediaPickerDeps> = {}, options: { screen?: MediaAccessStatus; sources?: () => Promise<CaptureSourceLike[]> } = {}) {
  const sent: Array<{ channel: EventChannel; payload: Record<string, unknown> }> = [];
  const granted: string[] = [];
  const clock = fakeTimers();
  let listings = 0;
  let ids = 0;
  const picker = createDisplayMediaPicker({
    capturer: {
      getSources: async (request) => {
        listings++;
        expect(request.types).toEqual(['screen', 'window']);
        return options.sources ? options.sources() : SOURCES;
      },
    },
    send: (channel, payload) => void sent.push({ channel, payload: payload as Record<string, unknown> }),
    isTrustedUrl: (url) => typeof url === 'string' && url.startsWith('app://sealroom/'),
    checkAllowed: () => ({ ok: true }),
    screenAccess: () => options.screen ?? 'granted',
    audioSupported: true,
    refreshIntervalMs: 3000,
    excludedSourceIds: () => ['window:7:0'],
    onGranted: () => void granted.push('granted'),
    answerTimeoutMs: 60_000,
    timers: clock.timers,
    newId: () => `req${++ids}`,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...overrides,
  });
  const request = async (req: Partial<typeof APP_REQUEST> = {}) => {
    const answers: Array<GrantedStreams | null> = [];
    await picker.handleRequest({ ...APP_REQUEST, ...req }, (streams) => answers.push(streams));
    return answers;
  };
  const last = (channel: EventChannel) => sent.filter((event) => event.channel === channel).at(-1)?.payload;
  return { picker, sent, clock, request, last, granted, listings: () => listings };
}

describe('display media picker', () => {
  it('request → picker with our windows left out → selection → callback with that source', async () => {
    const { picker, request, last, granted } = setup();
    const answers = await request();
    const pick = last('screen:pick-request') as { requestId: string; sources: Array<{ id: string; kind: string; thumbnail: string | null }>; audioSupported: boolean; blocked: null };
    expect(pick.sources.map((source) => [source.id, source.kind])).toEqual([
      ['screen:0:0', 'screen'],
      ['window:42:0', 'window'],
      ['window:9:0', 'window'],
    ]);
    expect(pick.sources[0]!.thumbnail).toBe('data:image/jpeg;base64,AQID');
    expect(pick.sources[2]!.thumbnail).toBeNull();
    expect(pick.audioSupported).toBe(true);
    expect(pick.blocked).toBeNull();
    expect(answers).toEqual([]);

    picker.select({ requestId: pick.requestId, choice: { sourceId: 'window:42:0', audio: true } });
    expect(answers).toEqual([{ video: { id: 'window:42:0', name: 'Quarterly report.pdf' }, audio: 'loopback' }]);
    expect(picker.hasPendingRequest()).toBe(false);
    expect(granted).toEqual(['granted']);
  });

  it('cancel resolves the request with null, and the next share works', async () => {
    const { picker, request, last, granted } = setup();
    const first = await request();
    picker.select({ requestId: 'req1', choice: null });
    expect(first).toEqual([null]);
    expect(granted).toEqual([]);
    const second = await request();
    expect(last('screen:pick-request')).toMatchObject({ requestId: 'req2' });
    picker.select({ requestId: 'req2', choice: { sourceId: 'screen:0:0', audio: false } });
    expect(second).toEqual([{ video: { id: 'screen:0:0', name: 'Entire screen' } }]);
  });

  it('refuses a stale request id and a source it did not offer, keeping the request open', async () => {
    const { picker, request } = setup();
    const answers = await request();
    expect(() => picker.select({ requestId: 'nope', choice: null })).toThrow(IpcHandlerError);
    expect(() => picker.select({ requestId: 'req1', choice: { sourceId: 'window:7:0', audio: false } })).toThrow(/no longer available/);
    expect(() => picker.select({ requestId: 'req1', choice: { sourceId: 'screen:99:0', audio: false } })).toThrow(IpcHandlerError);
    expect(answers).toEqual([]);
    expect(picker.hasPendingRequest()).toBe(true);
  });

  it('offers system audio only when the OS has it and the page asked for it', async () => {
    const noLoopback = setup({ audioSupported: false });
    const a = await noLoopback.request();
    expect(noLoopback.last('screen:pick-request')).toMatchObject({ audioSupported: false });
    noLoopback.picker.select({ requestId: 'req1', choice: { sourceId: 'screen:0:0', audio: true } });
    expect(a).toEqual([{ video: { id: 'screen:0:0', name: 'Entire screen' } }]);

    const videoOnly = setup();
    const b = await videoOnly.request({ audioRequested: false });
    videoOnly.picker.select({ requestId: 'req1', choice: { sourceId: 'screen:0:0', audio: true } });
    expect(b).toEqual([{ video: { id: 'screen:0:0', name: 'Entire screen' } }]);
  });

  it('a newer request replaces an open one, whose caller gets null and whose picker closes', async () => {
    const { request, last } = setup();
    const first = await request();
    await request();
    expect(first).toEqual([null]);
    expect(last('screen:pick-cancelled')).toEqual({ requestId: 'req1' });
  });

  it('refuses pages that are not Sealroom and audio-only requests without showing a picker', async () => {
    const { request, sent } = setup();
    expect(await request({ securityOrigin: 'https://evil.example', frame: { url: 'https://evil.example/' } })).toEqual([null]);
    expect(await request({ videoRequested: false })).toEqual([null]);
    expect(sent).toEqual([]);
  });

  it('macOS screen recording denied: explains with a settings link instead of listing, and cancel still resolves', async () => {
    const { picker, request, last, listings } = setup({}, { screen: 'denied' });
    const answers = await request();
    expect(listings()).toBe(0);
    expect(last('screen:pick-request')).toMatchObject({ sources: [], blocked: { pane: 'screen', message: expect.stringContaining('Screen & System Audio Recording') } });
    picker.select({ requestId: 'req1', choice: null });
    expect(answers).toEqual([null]);
  });

  it('organisation policy off: explains without a settings link', async () => {
    const { request, last } = setup({ checkAllowed: () => ({ ok: false, message: 'Your organisation has turned off screen sharing in Sealroom.' }) });
    await request();
    expect(last('screen:pick-request')).toMatchObject({ sources: [], blocked: { pane: null, message: expect.stringContaining('organisation') } });
  });

  it('a listing failure is explained, not thrown', async () => {
    const { request, last } = setup({}, { sources: () => Promise.reject(new Error('portal closed')) });
    await request();
    expect(last('screen:pick-request')).toMatchObject({ blocked: { pane: null, message: expect.stringContaining('try again') } });
  });

  it('refreshes thumbnails while open and stops when answered', async () => {
    const { picker, request, clock, last, listings } = setup();
    await request();
    expect(clock.intervals.size).toBe(1);
    [...clock.intervals.values()][0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(listings()).toBe(2);
    expect(last('screen:sources-updated')).toMatchObject({ requestId: 'req1', sources: expect.any(Array) });
    picker.select({ requestId: 'req1', choice: null });
    expect(clock.intervals.size).toBe(0);
    expect(clock.timeouts.size).toBe(0);
  });

  it('Wayland: lists once (through the portal) and never polls', async () => {
    const { request, clock, listings } = setup({ refreshIntervalMs: null });
    await request();
    expect(listings()).toBe(1);
    expect(clock.intervals.size).toBe(0);
  });

  it('a request nobody answers is refused after the timeout', async () => {
    const { request, clock, last } = setup();
    const answers = await request();
    [...clock.timeouts.values()][0]!();
    expect(answers).toEqual([null]);
    expect(last('screen:pick-cancelled')).toEqual({ requestId: 'req1' });
  });

  it('survives Electron throwing from the callback when the page went away', async () => {
    const { picker } = setup();
    await picker.handleRequest(APP_REQUEST, () => {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    });
    expect(() => picker.select({ requestId: 'req1', choice: null })).not.toThrow();
  });
});
