import { describe, expect, it } from 'vitest';
import { createCallActivity } from './call-activity';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function fakeBlocker() {
  const active = new Set<number>();
  let next = 1;
  return {
    active,
    start: (type: 'prevent-display-sleep') => {
      expect(type).toBe('prevent-display-sleep');
      active.add(next);
      return next++;
    },
    stop: (id: number) => void active.delete(id),
  };
}

describe('call activity', () => {
  it('keeps the display awake exactly while a call runs, once however often it is reported', () => {
    const blocker = fakeBlocker();
    const calls = createCallActivity(blocker, silent);
    const changes: boolean[] = [];
    calls.onChange((inCall) => changes.push(inCall));

    expect(calls.isInCall()).toBe(false);
    calls.setActive(true);
    calls.setActive(true);
    expect(calls.isInCall()).toBe(true);
    expect(blocker.active.size).toBe(1);
    calls.setActive(false);
    calls.setActive(false);
    expect(calls.isInCall()).toBe(false);
    expect(blocker.active.size).toBe(0);
    expect(changes).toEqual([true, false]);
  });

  it('stops notifying after unsubscribe', () => {
    const calls = createCallActivity(fakeBlocker(), silent);
    const changes: boolean[] = [];
    const unsubscribe = calls.onChange((inCall) => changes.push(inCall));
    unsubscribe();
    calls.setActive(true);
    expect(changes).toEqual([]);
  });
});
