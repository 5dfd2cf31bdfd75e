import type { ReconnectContext, ReconnectPolicy } from 'livekit-client';

/** Retry quickly for this long after a drop: a restarted server or a network that came back is found within a second. */
export const FAST_RETRY_WINDOW_MS = 30_000;
/** Then less often, and after this long give up: the call ends and says so, with Rejoin. */
export const GIVE_UP_AFTER_MS = 90_000;

const FAST_DELAY_MS = 300;
const SLOW_DELAY_MS = 2_500;
/** Each client waits ±30 % around the step, so a room whose server restarts does not come back in one burst. */
const JITTER = 0.3;

/**
 * When livekit-client retries a lost connection. Its default backs off (0, 0.3, 1.2, 2.7, 4.8 s, then 7 s): after a
 * 3 s signalling cut the resume came only at 4.2 s, and after a server restart the refused resume pushed the full
 * rejoin to the next step, 2.7–7 s later. Each attempt is one WebSocket handshake that a server which is down refuses
 * at once, so retrying every ~0.3 s for the first half minute costs little and finds the server as soon as it is back.
 * A restarted server costs two steps: the first attempt resumes and is refused (the server no longer knows the
 * session), the next joins afresh; at 0.6 s the steps were ≈ 1 s of the 3 s before video came back.
 */
export class SealroomReconnectPolicy implements ReconnectPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  nextRetryDelayInMs(context: ReconnectContext): number | null {
    if (context.elapsedMs >= GIVE_UP_AFTER_MS) return null;
    if (context.retryCount === 0) return Math.round(this.random() * 300);
    const step = context.elapsedMs < FAST_RETRY_WINDOW_MS ? FAST_DELAY_MS : SLOW_DELAY_MS;
    return Math.round(step * (1 - JITTER + 2 * JITTER * this.random()));
  }
}
