import { describe, expect, it } from 'vitest';
import type { ScreenPickRequest } from '../../shared/ipc/channels';
import { createWebScreenPicker, WEB_SCREEN_SOURCES } from './web-screen-picker';

function fakeMediaDevices() {
  const calls: Array<DisplayMediaStreamOptions | undefined> = [];
  const stream = { id: 'stream' } as unknown as MediaStream;
  const devices = {
    calls,
    getDisplayMedia: async (options?: DisplayMediaStreamOptions) => {
      calls.push(options);
      return stream;
    },
  };
  return { devices, stream };
}

function pickerWithListener() {
  const { devices, stream } = fakeMediaDevices();
  let ids = 0;
  const picker = createWebScreenPicker(devices, () => `web${++ids}`);
  const requests: ScreenPickRequest[] = [];
  const cancelled: string[] = [];
  picker.onRequest((request) => requests.push(request));
  picker.onCancelled(({ requestId }) => cancelled.push(requestId));
  return { picker, devices, stream, requests, cancelled };
}

describe('web screen picker', () => {
  it('routes getDisplayMedia through the picker and passes the choice to the browser as a surface hint', async () => {
    const { picker, devices, stream, requests } = pickerWithListener();
    const capture = devices.getDisplayMedia({ video: true, audio: true });
    await Promise.resolve();
    expect(requests).toEqual([{ requestId: 'web1', sources: WEB_SCREEN_SOURCES, audioSupported: true, blocked: null }]);
    expect(picker.select({ requestId: 'web1', choice: { sourceId: 'window', audio: false } })).toEqual({ ok: true, data: null });
    await expect(capture).resolves.toBe(stream);
    expect(devices.calls[0]).toMatchObject({ video: { displaySurface: 'window' }, audio: false, selfBrowserSurface: 'exclude' });
  });

  it('cancel rejects with NotAllowedError, and the next share works', async () => {
    const { picker, devices, stream } = pickerWithListener();
    const first = devices.getDisplayMedia({ video: true });
    await Promise.resolve();
    picker.select({ requestId: 'web1', choice: null });
    await expect(first).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(devices.calls).toEqual([]);

    const second = devices.getDisplayMedia({ video: true });
    await Promise.resolve();
    picker.select({ requestId: 'web2', choice: { sourceId: 'monitor', audio: true } });
    await expect(second).resolves.toBe(stream);
    expect(devices.calls[0]).toMatchObject({ video: { displaySurface: 'monitor' }, audio: true, systemAudio: 'include' });
  });

  it('a second request cancels the first; stale and unknown choices are refused', async () => {
    const { picker, devices, cancelled } = pickerWithListener();
    const first = devices.getDisplayMedia({ video: true });
    void devices.getDisplayMedia({ video: true });
    await expect(first).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(cancelled).toEqual(['web1']);
    expect(picker.select({ requestId: 'web1', choice: null })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(picker.select({ requestId: 'web2', choice: { sourceId: 'screen:0:0', audio: false } })).toMatchObject({ ok: false });
  });

  it('steps aside for the browser dialog when no picker is mounted', async () => {
    const { devices, stream } = fakeMediaDevices();
    const picker = createWebScreenPicker(devices, () => 'x');
    const unsubscribe = picker.onRequest(() => undefined);
    unsubscribe();
    await expect(devices.getDisplayMedia({ video: true })).resolves.toBe(stream);
    expect(devices.calls).toEqual([{ video: true }]);
  });
});
