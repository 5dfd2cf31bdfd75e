import { describe, expect, it } from 'vitest';
import { CALL_LIMIT_MS, formatRemaining, watchCallTimeLimit, type CallClock } from './call-time-limit';

function fakeClock(start: number) {
  let now = start;
  const intervals = new Map<number, { callback: () => void; ms: number; next: number }>();
  let nextId = 1;
  const clock: CallClock = {
    now: () => now,
    setInterval: (callback, ms) => {
      intervals.set(nextId, { callback, ms, next: now + ms });
      return nextId++;
    },
    clearInterval: (handle) => void intervals.delete(handle as number),
  };
  const advance = (ms: number) => {
    const target = now + ms;
    for (;;) {
      const due = [...intervals.values()].filter((i) => i.next <= target).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.ms;
      due.callback();
    }
    now = target;
  };
  const jump = (ms: number) => {
    now += ms; // the machine slept: no interval ran meanwhile
    for (const interval of intervals.values()) interval.next = now;
    advance(0);
  };
  return { clock, advance, jump, active: () => intervals.size };
}

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

describe('watchCallTimeLimit', () => {
  it('warns at 23 h and 23 h 55 m, then ends at 24 h', () => {
    const { clock, advance, active } = fakeClock(1_000_000);
    const events: string[] = [];
    watchCallTimeLimit({
      clock,
      startedAt: 1_000_000,
      onWarning: (remaining) => events.push(`warn ${formatRemaining(remaining)} at ${Math.round((clock.now() - 1_000_000) / MINUTE)}m`),
      onLimit: () => events.push(`end at ${(clock.now() - 1_000_000) / HOUR}h`),
    });
    advance(23 * HOUR - MINUTE);
    expect(events).toEqual([]);
    advance(MINUTE);
    expect(events).toEqual(['warn 1 hour at 1380m']);
    advance(55 * MINUTE);
    expect(events).toEqual(['warn 1 hour at 1380m', 'warn 5 minutes at 1435m']);
    advance(5 * MINUTE);
    expect(events).toEqual(['warn 1 hour at 1380m', 'warn 5 minutes at 1435m', 'end at 24h']);
    expect(active()).toBe(0);
    advance(HOUR);
    expect(events).toHaveLength(3);
  });

  it('catches up after the machine slept through the warnings', () => {
    const { clock, jump } = fakeClock(0);
    const events: string[] = [];
    watchCallTimeLimit({ clock, startedAt: 0, onWarning: (r) => events.push(`warn ${formatRemaining(r)}`), onLimit: () => events.push('end') });
    jump(23 * HOUR + 58 * MINUTE);
    expect(events).toEqual(['warn 2 minutes']);
    jump(CALL_LIMIT_MS);
    expect(events).toEqual(['warn 2 minutes', 'end']);
  });

  it('stops watching when the call is left early', () => {
    const { clock, advance, active } = fakeClock(0);
    const events: string[] = [];
    const stop = watchCallTimeLimit({ clock, startedAt: 0, onWarning: () => events.push('warn'), onLimit: () => events.push('end') });
    stop();
    expect(active()).toBe(0);
    advance(25 * HOUR);
    expect(events).toEqual([]);
  });

  it('honours a shorter configured limit', () => {
    const { clock, advance } = fakeClock(0);
    const events: string[] = [];
    watchCallTimeLimit({ clock, startedAt: 0, limitMs: 10 * MINUTE, onWarning: (r) => events.push(formatRemaining(r)), onLimit: () => events.push('end') });
    expect(events).toEqual(['10 minutes']);
    advance(10 * MINUTE);
    expect(events).toEqual(['10 minutes', '5 minutes', 'end']);
  });
});
