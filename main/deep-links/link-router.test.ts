import { describe, expect, it } from 'vitest';
import type { RoomLink } from '../../shared/room-link';
import { createLinkRouter, type HostDecision, type LinkRouterDeps } from './link-router';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const link = (host = 'meet.example.com', key = `v1.${SECRET}`) => `sealroom://${host}/r/${ROOM}#${key}`;
const web = (host = 'meet.example.com', key = `v1.${SECRET}`) => `https://${host}/r/${ROOM}#${key}`;

function setup(overrides: Partial<LinkRouterDeps> & { decisions?: Record<string, HostDecision> } = {}) {
  const delivered: string[] = [];
  const lines: string[] = [];
  const asked: string[] = [];
  const remembered: string[] = [];
  const told: string[] = [];
  let inCall = false;
  const deps: LinkRouterDeps = {
    decideHost: (roomLink: RoomLink) => overrides.decisions?.[roomLink.host] ?? { kind: 'allowed' },
    confirmHost: async (roomLink) => {
      asked.push(`host:${roomLink.host}`);
      return { join: true, remember: false };
    },
    rememberHost: async (roomLink) => void remembered.push(roomLink.host),
    isInCall: () => inCall,
    confirmLeaveCall: async (roomLink) => {
      asked.push(`leave:${roomLink.host}`);
      return false;
    },
    tellUser: async (message) => void told.push(message),
    deliver: (value) => void delivered.push(value),
    log: { info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) },
    ...overrides,
  };
  const router = createLinkRouter(deps);
  return { router, delivered, lines, asked, remembered, told, setInCall: (value: boolean) => (inCall = value) };
}

describe('link router', () => {
  it('cold start: holds the argv link until ready, then hands it to the renderer once', async () => {
    const { router, delivered } = setup();
    expect(router.receiveArgv(['/opt/Sealroom/sealroom', link()], 'argv')).toBe(true);
    await router.settled();
    await router.appReady();
    expect(router.takePending()).toBe(web());
    expect(router.takePending()).toBeNull();
    expect(delivered).toEqual([]);
  });

  it('macOS open-url before ready is queued; after the renderer loaded, links are pushed to it', async () => {
    const { router, delivered } = setup();
    router.receiveUrl(link('a.example.com'), 'open-url');
    router.receiveUrl(link('b.example.com'), 'open-url');
    await router.appReady();
    // The newest link waiting before ready replaces the older one.
    expect(router.takePending()).toBe(web('b.example.com'));
    router.receiveUrl(link('c.example.com'), 'open-url');
    await router.settled();
    expect(delivered).toEqual([web('c.example.com')]);
  });

  it('second instance: a link from a running app is pushed; a reload goes back to holding', async () => {
    const { router, delivered } = setup();
    await router.appReady();
    expect(router.takePending()).toBeNull();
    router.receiveArgv(['C:\\Sealroom.exe', '--original-process-start-time=1', link()], 'second-instance');
    await router.settled();
    expect(delivered).toEqual([web()]);
    router.rendererGone();
    router.receiveArgv(['C:\\Sealroom.exe', link('other.example.com')], 'second-instance');
    await router.settled();
    expect(delivered).toHaveLength(1);
    expect(router.takePending()).toBe(web('other.example.com'));
  });

  it('asks before connecting to a host outside the allow-list, and remembers "always allow"', async () => {
    const declined = setup({ decisions: { 'new.example.com': { kind: 'ask' } }, confirmHost: async () => ({ join: false, remember: false }) });
    await declined.router.appReady();
    declined.router.takePending();
    declined.router.receiveUrl(link('new.example.com'), 'open-url');
    await declined.router.settled();
    expect(declined.delivered).toEqual([]);

    const accepted = setup({ decisions: { 'new.example.com': { kind: 'ask' } }, confirmHost: async () => ({ join: true, remember: true }) });
    await accepted.router.appReady();
    accepted.router.takePending();
    accepted.router.receiveUrl(link('new.example.com'), 'open-url');
    await accepted.router.settled();
    expect(accepted.delivered).toEqual([web('new.example.com')]);
    expect(accepted.remembered).toEqual(['new.example.com']);
  });

  it('explains a link the organisation refuses and does not open it', async () => {
    const { router, delivered, told } = setup({ decisions: { 'blocked.example.com': { kind: 'denied', message: 'Not an approved server.' } } });
    await router.appReady();
    router.takePending();
    router.receiveUrl(link('blocked.example.com'), 'open-url');
    await router.settled();
    expect(told).toEqual(['Not an approved server.']);
    expect(delivered).toEqual([]);
  });

  it('during a call, asks before switching; staying keeps the call', async () => {
    const staying = setup();
    staying.setInCall(true);
    await staying.router.appReady();
    staying.router.takePending();
    staying.router.receiveUrl(link(), 'open-url');
    await staying.router.settled();
    expect(staying.asked).toEqual(['leave:meet.example.com']);
    expect(staying.delivered).toEqual([]);

    const leaving = setup({ confirmLeaveCall: async () => true });
    leaving.setInCall(true);
    await leaving.router.appReady();
    leaving.router.takePending();
    leaving.router.receiveUrl(link(), 'open-url');
    await leaving.router.settled();
    expect(leaving.delivered).toEqual([web()]);
  });

  it('ignores anything that is not a room link and never logs a key', async () => {
    const { router, lines } = setup();
    expect(router.receiveUrl('sealroom://meet.example.com/settings', 'open-url')).toBe(false);
    expect(router.receiveUrl(42, 'open-url')).toBe(false);
    expect(router.receiveArgv(['x', link(), '--inspect'], 'second-instance')).toBe(false);
    router.receiveUrl(link(), 'open-url');
    await router.appReady();
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.some((line) => line.includes('switch-after-link'))).toBe(true);
  });

  it('keeps working after a dialog fails', async () => {
    const { router, delivered, lines } = setup({
      decisions: { 'new.example.com': { kind: 'ask' } },
      confirmHost: async () => {
        throw new Error('dialog failed');
      },
    });
    await router.appReady();
    router.takePending();
    router.receiveUrl(link('new.example.com'), 'open-url');
    await router.settled();
    router.receiveUrl(link(), 'open-url');
    await router.settled();
    expect(delivered).toEqual([web()]);
    expect(lines.some((line) => line.includes('dialog failed'))).toBe(true);
  });
});
