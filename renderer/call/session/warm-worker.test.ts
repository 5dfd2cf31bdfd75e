import { describe, expect, it } from 'vitest';
import { warmWorker } from './warm-worker';

describe('warmWorker', () => {
  it('hands the worker started in the lobby to the call once, and a fresh one after', () => {
    const made: object[] = [];
    const workers = warmWorker(() => {
      const worker = { n: made.length };
      made.push(worker);
      return worker as unknown as Worker;
    });
    workers.warm();
    workers.warm();
    expect(made).toHaveLength(1);
    expect(workers.take()).toBe(made[0]);
    expect(workers.take()).toBe(made[1]);
    expect(made).toHaveLength(2);
  });
});
