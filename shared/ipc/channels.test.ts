import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from './channels';

describe('the IPC contract', () => {
  const invokeMethods = Object.values(invokeChannels).map((contract) => contract.method);
  const eventMethods = Object.values(eventChannels).map((contract) => contract.method);

  it('names a different bridge method for every channel, so no two channels share one', () => {
    const all = ['kind', ...invokeMethods, ...eventMethods];
    expect(new Set(all).size).toBe(all.length);
  });

  it('names calls as verbs and subscriptions as on…', () => {
    for (const method of invokeMethods) expect(method).toMatch(/^(?!on[A-Z])[a-z][A-Za-z]+$/);
    for (const method of eventMethods) expect(method).toMatch(/^on[A-Z][A-Za-z]+$/);
  });

  it('names channels <area>:<verb>', () => {
    for (const channel of [...Object.keys(invokeChannels), ...Object.keys(eventChannels)]) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });
});

describe('settings:update', () => {
  const request = invokeChannels['settings:update'].request;

  it('takes a plain object of settings fields', () => {
    expect(request.safeParse({ displayName: 'Ada', joinWithCamera: false }).success).toBe(true);
    expect(request.safeParse(Object.assign(Object.create(null) as object, { displayName: 'Ada' })).success).toBe(true);
  });

  it('refuses Map, Set and Date objects (structured clone carries them over IPC; z.object alone read them as empty)', () => {
    for (const value of [new Map([['displayName', 'x']]), new Set(['displayName']), new Date(), Object.assign(new Map(), { displayName: 'x' })]) {
      const parsed = request.safeParse(value);
      expect(parsed.success, Object.prototype.toString.call(value)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/plain object/);
    }
  });
});
