/** Calls end after 24 hours; people are warned twice before. */
export const CALL_LIMIT_MS = 24 * 60 * 60 * 1000;
export const WARNINGS_BEFORE_END_MS = [60 * 60 * 1000, 5 * 60 * 1000] as const;
const CHECK_INTERVAL_MS = 15_000;

export interface CallClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: CallClock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};

export function formatRemaining(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes >= 60) return `${Math.round(minutes / 60)} hour${minutes >= 120 ? 's' : ''}`;
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Watches the wall clock rather than arming one long timer, so a machine that slept through a deadline still warns
 * and ends as soon as it wakes. Each warning fires once.
 */
export function watchCallTimeLimit(options: {
  clock: CallClock;
  startedAt: number;
  limitMs?: number;
  onWarning(remainingMs: number): void;
  onLimit(): void;
}): () => void {
  const limit = options.limitMs ?? CALL_LIMIT_MS;
  const warned = new Set<number>();
  let ended = false;
  const check = () => {
    if (ended) return;
    const remaining = options.startedAt + limit - options.clock.now();
    if (remaining <= 0) {
      ended = true;
      options.clock.clearInterval(handle);
      options.onLimit();
      return;
    }
    // Only the most urgent due warning is shown, e.g. after waking from sleep at 23 h 58 m.
    const due = WARNINGS_BEFORE_END_MS.filter((before) => remaining <= before && !warned.has(before));
    if (due.length > 0) {
      due.forEach((before) => warned.add(before));
      options.onWarning(remaining);
    }
  };
  const handle = options.clock.setInterval(check, CHECK_INTERVAL_MS);
  check();
  return () => {
    ended = true;
    options.clock.clearInterval(handle);
  };
}
