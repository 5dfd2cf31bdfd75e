import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/updates';
import { APP_ENTRY_URL } from '../app-origin';
import { registerPolicyHandlers } from './policy-handlers';
import { createIpcRegistrar, type IpcInvokeEventLike, type IpcMainLike } from './register-handler';
import { registerUpdateHandlers, type UpdateControls } from './update-handlers';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const listeners = new Map<string, Listener>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void listeners.set(channel, listener) };
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const handle = createIpcRegistrar(ipc, { isTrustedSender: (url) => url === APP_ENTRY_URL, log: silent });
  const call = (channel: string, ...args: unknown[]) => listeners.get(channel)!({ senderFrame: { url: APP_ENTRY_URL, parent: null } }, ...args);
  return { handle, call };
}

function fakeControls(status: UpdateStatus) {
  const done: string[] = [];
  // Never settles: the handlers must answer without waiting for a download to finish.
  const pending = () => new Promise<void>(() => undefined);
  const controls: UpdateControls = {
    getStatus: () => status,
    check: () => (done.push('check'), pending()),
    download: () => (done.push('download'), pending()),
    requestInstall: () => (done.push('install'), 'deferred'),
  };
  return { controls, done };
}

describe('update handlers', () => {
  it('answers status, check, download and install through the contract', async () => {
    const { handle, call } = setup();
    const { controls, done } = fakeControls({ state: 'downloading', version: '1.2.0', percent: 40 });
    registerUpdateHandlers(handle, controls);
    await expect(call('updates:get-status')).resolves.toEqual({ ok: true, data: { state: 'downloading', version: '1.2.0', percent: 40 } });
    await expect(call('updates:check')).resolves.toEqual({ ok: true, data: null });
    await expect(call('updates:download')).resolves.toEqual({ ok: true, data: null });
    await expect(call('updates:install')).resolves.toEqual({ ok: true, data: 'deferred' });
    expect(done).toEqual(['check', 'download', 'install']);
  });

  it('refuses a payload on channels that take none', async () => {
    const { handle, call } = setup();
    const { controls, done } = fakeControls({ state: 'idle' });
    registerUpdateHandlers(handle, controls);
    await expect(call('updates:install', { force: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(done).toEqual([]);
  });

  it('does not pass on a status outside the contract', async () => {
    const { handle, call } = setup();
    const { controls } = fakeControls({ state: 'downloading', version: '1.2.0', percent: 140 });
    registerUpdateHandlers(handle, controls);
    await expect(call('updates:get-status')).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('policy handler', () => {
  it('answers the policy state read at startup', async () => {
    const { handle, call } = setup();
    const state = {
      policy: { requireE2EE: true },
      managedKeys: ['requireE2EE' as const],
      sources: ['/etc/sealroom/policy.json'],
      issues: [],
    };
    registerPolicyHandlers(handle, state);
    await expect(call('policy:get')).resolves.toEqual({ ok: true, data: state });
  });
});
