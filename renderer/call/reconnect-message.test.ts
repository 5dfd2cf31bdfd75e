import { describe, expect, it } from 'vitest';
import { describeReconnect, UNREACHABLE_AFTER_MS } from './reconnect-message';

const host = 'meet.example.org';

describe('describeReconnect', () => {
  it('says a signalling-only drop leaves the call going, with the seconds so far', () => {
    expect(describeReconnect({ kind: 'resuming', since: 1000 }, { now: 4500, online: true, host })).toEqual({
      kind: 'resuming',
      elapsedSeconds: 3,
      text: 'Reconnecting to the server… the call goes on meanwhile.',
    });
  });

  it('says a rejoin is a rejoin, and names the server once it has been unreachable a while', () => {
    expect(describeReconnect({ kind: 'rejoining', since: 0 }, { now: UNREACHABLE_AFTER_MS - 1, online: true, host }).kind).toBe('rejoining');
    const late = describeReconnect({ kind: 'rejoining', since: 0 }, { now: UNREACHABLE_AFTER_MS, online: true, host });
    expect(late).toMatchObject({ kind: 'unreachable', elapsedSeconds: 10 });
    expect(late.text).toContain(host);
  });

  it('says when the computer itself is offline, whatever the SDK is doing', () => {
    expect(describeReconnect({ kind: 'resuming', since: 0 }, { now: 0, online: false, host }).kind).toBe('offline');
    expect(describeReconnect({ kind: 'rejoining', since: 0 }, { now: 60_000, online: false, host }).kind).toBe('offline');
  });

  it('never counts backwards when clocks disagree', () => {
    expect(describeReconnect({ kind: 'rejoining', since: 5000 }, { now: 1000, online: true, host }).elapsedSeconds).toBe(0);
  });
});
