/**
 * Whether a background effect keeps up with the camera: the processor reports how long each frame took
 * (segmentation + drawing); when the recent frames are consistently slower than the budget, the effect is switched
 * off and the camera is sent as it is, with a message, rather than at a few frames a second.
 */

export interface KeepUpOptions {
  /** Milliseconds a frame may take: 1000 / the lowest frame rate worth sending with the effect. */
  budgetMs: number;
  /** How many recent frames are judged; the verdict waits until there are that many. */
  window: number;
  /** Frames at the start ignored (the first ones include loading the model). */
  warmUp: number;
}

export const KEEP_UP: KeepUpOptions = { budgetMs: 1000 / 6, window: 30, warmUp: 10 };

export class KeepUpMonitor {
  private readonly recent: number[] = [];
  private seen = 0;

  constructor(private readonly options: KeepUpOptions = KEEP_UP) {}

  /** Records one frame's processing time; true once the median of the window is over budget. */
  record(processingMs: number): boolean {
    this.seen += 1;
    if (this.seen <= this.options.warmUp) return false;
    this.recent.push(processingMs);
    if (this.recent.length > this.options.window) this.recent.shift();
    return this.recent.length === this.options.window && median(this.recent) > this.options.budgetMs;
  }

  /** The median of the judged frames, for the message. */
  get typicalMs(): number {
    return median(this.recent);
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
