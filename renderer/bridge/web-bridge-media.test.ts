import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../shared/ipc/channels';
import { createWebBridge, type WebBridgeEnv } from './web-bridge';

(globalThis as { __SEALROOM_VERSION__?: string }).__SEALROOM_VERSION__ = 'test';

function env(overrides: Partial<WebBridgeEnv> = {}): WebBridgeEnv {
  const store = new Map<string, string>();
  return {
    storage: { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => void store.set(key, value) },
    location: { origin: 'https://meet.example.com', pathname: '/', hash: '', search: '' },
    history: { replaceState: () => undefined },
    open: () => undefined,
    ...overrides,
  };
}

describe('web bridge', () => {
  it('has the same surface as the preload: one method per contract channel, and nothing else', () => {
    const methods = [...Object.values(invokeChannels), ...Object.values(eventChannels)].map((contract) => contract.method);
    expect(Object.keys(createWebBridge(env())).sort()).toEqual(['kind', ...methods].sort());
  });
});

describe('web bridge: media and call', () => {
  it('reads camera and microphone permission from the browser', async () => {
    const states: Record<string, PermissionState> = { camera: 'denied', microphone: 'prompt' };
    const bridge = createWebBridge(env({ permissions: { query: async ({ name }) => ({ state: states[name] }) as PermissionStatus } }));
    await expect(bridge.getMediaAccessStatus()).resolves.toEqual({ ok: true, data: { camera: 'denied', microphone: 'not-determined', screen: 'unknown' } });
    await expect(bridge.requestMediaAccess('camera')).resolves.toEqual({ ok: true, data: { granted: false, status: 'denied' } });
    await expect(bridge.requestMediaAccess('microphone')).resolves.toEqual({ ok: true, data: { granted: true, status: 'not-determined' } });
  });

  it('explains that the browser, not the system page, decides', async () => {
    const bridge = createWebBridge(env());
    await expect(bridge.getMediaAccessStatus()).resolves.toMatchObject({ ok: true, data: { camera: 'unknown' } });
    await expect(bridge.openMediaSettings('camera')).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('address') } });
  });

  it('holds a screen wake lock exactly while a call runs', async () => {
    const events: string[] = [];
    const bridge = createWebBridge(
      env({
        wakeLock: {
          request: async () => {
            events.push('lock');
            return { release: async () => void events.push('release') };
          },
        },
      }),
    );
    await bridge.setCallActive(true);
    await bridge.setCallActive(true);
    await bridge.setCallActive(false);
    expect(events).toEqual(['lock', 'release']);
  });
});

describe('web bridge: policy and updates', () => {
  it('answers an unmanaged policy and says the browser handles updates, within the contract', async () => {
    const { invokeChannels } = await import('../../shared/ipc/channels');
    const bridge = createWebBridge(env());
    const policy = await bridge.getPolicy();
    expect(policy).toEqual({ ok: true, data: { policy: {}, managedKeys: [], sources: [], issues: [] } });
    const status = await bridge.getUpdateStatus();
    expect(status).toMatchObject({ ok: true, data: { state: 'not-supported', message: expect.stringContaining('reload the page') } });
    expect(invokeChannels['policy:get'].response.safeParse(policy.ok && policy.data).success).toBe(true);
    expect(invokeChannels['updates:get-status'].response.safeParse(status.ok && status.data).success).toBe(true);
    await expect(bridge.installUpdate()).resolves.toEqual({ ok: true, data: 'nothing-to-install' });
  });
});

describe('web bridge: the link opened in the address bar', () => {
  it('hands the link over once, then removes its key from the address bar and the history entry', async () => {
    const replaced: string[] = [];
    const hash = '#v1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
    const bridge = createWebBridge(
      env({
        location: { origin: 'https://meet.example.com', pathname: '/r/AAECAwQFBgcICQoLDA0ODw', hash, search: '' },
        history: { replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
      }),
    );
    const taken = await bridge.takePendingLink();
    expect(taken).toEqual({ ok: true, data: `https://meet.example.com/r/AAECAwQFBgcICQoLDA0ODw${hash}` });
    expect(replaced).toEqual(['/r/AAECAwQFBgcICQoLDA0ODw']);
    expect(await bridge.takePendingLink()).toEqual({ ok: true, data: null });
  });
});

describe('web bridge: attention', () => {
  const notifications = (permission: NotificationPermission, answer: NotificationPermission = permission) => {
    const shown: Array<[string, string]> = [];
    let asked = 0;
    return {
      shown,
      asked: () => asked,
      api: { permission: () => permission, requestPermission: async () => (asked++, answer), show: (title: string, body: string) => void shown.push([title, body]) },
    };
  };

  it('shows a notification through the Notifications API once allowed, asking first when the browser has no answer yet', async () => {
    const granted = notifications('granted');
    await expect(createWebBridge(env({ notifications: granted.api })).showNotification({ title: 'New message', body: 'Someone wrote in your call.' })).resolves.toEqual({ ok: true, data: { shown: true } });
    expect(granted.shown).toEqual([['New message', 'Someone wrote in your call.']]);
    const undecided = notifications('default', 'denied');
    await expect(createWebBridge(env({ notifications: undecided.api })).showNotification({ title: 'x', body: '' })).resolves.toEqual({ ok: true, data: { shown: false } });
    expect([undecided.asked(), undecided.shown]).toEqual([1, []]);
    await expect(createWebBridge(env()).showNotification({ title: 'x', body: '' })).resolves.toEqual({ ok: true, data: { shown: false } });
    await expect(createWebBridge(env({ notifications: granted.api })).showNotification({ title: '', body: '' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('shows the unread count and refuses counts that are not whole numbers', async () => {
    const counts: number[] = [];
    const bridge = createWebBridge(env({ showUnread: (count) => void counts.push(count) }));
    await bridge.setUnreadCount(2);
    await bridge.setUnreadCount(0);
    await expect(bridge.setUnreadCount(-3)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(counts).toEqual([2, 0]);
  });
});
