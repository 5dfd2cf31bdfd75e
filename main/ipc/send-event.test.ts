import { describe, expect, it } from 'vitest';
import { createEventSender } from './send-event';

describe('event sender', () => {
  it('sends contract-valid events, drops invalid ones, and skips a destroyed window', () => {
    const sent: unknown[][] = [];
    const errors: string[] = [];
    let destroyed = false;
    const send = createEventSender(
      () => ({ send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => destroyed }),
      { info: () => undefined, warn: () => undefined, error: (line) => errors.push(line) },
    );
    send('screen:pick-cancelled', { requestId: 'abc' });
    send('screen:pick-cancelled', { requestId: 'not valid!' });
    destroyed = true;
    send('screen:pick-cancelled', { requestId: 'def' });
    expect(sent).toEqual([['screen:pick-cancelled', { requestId: 'abc' }]]);
    expect(errors).toHaveLength(1);
  });
});
