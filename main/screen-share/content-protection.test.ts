import { describe, expect, it } from 'vitest';
import { createContentProtection } from './content-protection';

describe('content protection', () => {
  it('applies to every window, once per change', () => {
    const calls: Array<[string, boolean]> = [];
    const windows = ['call', 'about'].map((name) => ({ setContentProtection: (enable: boolean) => void calls.push([name, enable]) }));
    const protection = createContentProtection(() => windows);
    protection.set(true);
    protection.set(true);
    expect(protection.isOn()).toBe(true);
    protection.set(false);
    expect(calls).toEqual([
      ['call', true],
      ['about', true],
      ['call', false],
      ['about', false],
    ]);
  });
});
