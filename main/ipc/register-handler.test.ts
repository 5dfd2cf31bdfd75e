import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { APP_ENTRY_URL, isAppUrl } from '../app-origin';
import { createIpcRegistrar, IpcHandlerError, type IpcInvokeEventLike, type IpcMainLike } from './register-handler';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const listeners = new Map<string, Listener>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void listeners.set(channel, listener) };
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const handle = createIpcRegistrar(ipc, { isTrustedSender: isAppUrl, log });
  const call = (channel: string, url: string | null, ...args: unknown[]) =>
    listeners.get(channel)!({ senderFrame: url === null ? null : { url, parent: null } }, ...args);
  const callFrom = (channel: string, senderFrame: IpcInvokeEventLike['senderFrame']) => listeners.get(channel)!({ senderFrame });
  return { handle, call, callFrom, logged };
}

describe('createIpcRegistrar', () => {
  it('answers a valid call from the app origin', async () => {
    const { handle, call } = setup();
    handle('settings:update', (patch) => ({ ...DEFAULT_SETTINGS, ...patch }));
    await expect(call('settings:update', APP_ENTRY_URL, { displayName: 'Ada' })).resolves.toEqual({
      ok: true,
      data: { ...DEFAULT_SETTINGS, displayName: 'Ada' },
    });
  });

  it('rejects a payload of the wrong shape with a clear error, and keeps serving', async () => {
    const { handle, call } = setup();
    let calls = 0;
    handle('settings:update', (patch) => {
      calls++;
      return { ...DEFAULT_SETTINGS, ...patch };
    });
    const bad = await call('settings:update', APP_ENTRY_URL, { displayName: 42, evil: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/displayName/);
    await expect(call('settings:update', APP_ENTRY_URL, 'not an object')).resolves.toMatchObject({ ok: false });
    await expect(call('settings:update', APP_ENTRY_URL, {}, 'extra')).resolves.toMatchObject({ ok: false });
    expect(calls).toBe(0);
    await expect(call('settings:update', APP_ENTRY_URL, { displayName: 'ok' })).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['a file url', 'file:///tmp/x.html'],
    ['a look-alike app host', 'app://sealroom.evil/index.html'],
    ['no frame', null],
  ])('refuses a call from %s', async (_name, url) => {
    const { handle, call } = setup();
    let calls = 0;
    handle('app:get-info', () => {
      calls++;
      return { name: 'Sealroom', version: '1', platform: 'linux', shell: 'electron', defaultServer: 'http://127.0.0.1:7880' };
    });
    await expect(call('app:get-info', url)).resolves.toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(calls).toBe(0);
  });

  it.each([
    ['an iframe on the app origin', { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } }],
    ['a frame whose parent is unknown', { url: APP_ENTRY_URL, parent: undefined }],
  ])('refuses a call from %s: only the main frame is the app', async (_name, senderFrame) => {
    const { handle, callFrom, logged } = setup();
    let calls = 0;
    handle('settings:get', () => {
      calls++;
      return DEFAULT_SETTINGS;
    });
    await expect(callFrom('settings:get', senderFrame)).resolves.toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender', message: expect.stringContaining('frame inside') },
    });
    expect(calls).toBe(0);
    expect(logged).toEqual(['ipc settings:get: refused a call from a frame that is not the main frame']);
    await expect(callFrom('settings:get', { url: APP_ENTRY_URL, parent: null })).resolves.toMatchObject({ ok: true });
  });

  it('turns a throwing handler into an internal error without leaking its message', async () => {
    const { handle, call, logged } = setup();
    handle('app:get-info', () => {
      throw new Error('disk on fire');
    });
    await expect(call('app:get-info', APP_ENTRY_URL)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Sealroom could not complete app:get-info.' },
    });
    expect(logged.join('\n')).toContain('disk on fire');
  });

  it('passes deliberate handler errors through', async () => {
    const { handle, call } = setup();
    handle('shell:open-external', () => {
      throw new IpcHandlerError('not-allowed', 'Only https links open outside Sealroom.');
    });
    await expect(call('shell:open-external', APP_ENTRY_URL, 'file:///x')).resolves.toEqual({
      ok: false,
      error: { code: 'not-allowed', message: 'Only https links open outside Sealroom.' },
    });
  });

  it('refuses a handler answer that breaks the contract', async () => {
    const { handle, call } = setup();
    handle('link:take-pending', () => 42 as unknown as string);
    await expect(call('link:take-pending', APP_ENTRY_URL)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
