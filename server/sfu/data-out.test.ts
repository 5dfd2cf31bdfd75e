import { describe, expect, it } from 'vitest';
import { RTCDataChannel, RTCDataChannelParameters } from 'werift';
import { silentLogger } from '../log';
import { DataOut, MAX_QUEUED_PACKETS } from './data-out';

/** A werift data channel that is not connected to anything: what it would send is recorded instead. */
function channel(): { channel: RTCDataChannel; sent: string[] } {
  const sent: string[] = [];
  const transport = { dataChannelOpen: () => {}, datachannelSend: (_c: unknown, data: Buffer) => sent.push(data.toString()) };
  const made = new RTCDataChannel(transport as never, new RTCDataChannelParameters({ label: '_reliable', ordered: true }));
  return { channel: made, sent };
}

describe('DataOut', () => {
  it('keeps reliable packets until the channel opens and sends them in order, then sends at once', () => {
    const out = new DataOut(silentLogger);
    const reliable = channel();
    out.send(Buffer.from('before any channel'), true);
    out.use(reliable.channel, true);
    out.send(Buffer.from('while connecting'), true);
    expect(reliable.sent).toEqual([]);
    expect(out.queued).toBe(2);
    reliable.channel.setReadyState('open');
    expect(reliable.sent).toEqual(['before any channel', 'while connecting']);
    out.send(Buffer.from('open'), true);
    expect(reliable.sent).toEqual(['before any channel', 'while connecting', 'open']);
    expect(out.queued).toBe(0);
  });

  it('drops lossy packets for a channel that is not open, and holds at most its limit of reliable ones', () => {
    const out = new DataOut(silentLogger);
    const lossy = channel();
    out.use(lossy.channel, false);
    out.send(Buffer.from('lost'), false);
    for (let i = 0; i < MAX_QUEUED_PACKETS + 10; i++) out.send(Buffer.from(String(i)), true);
    expect(out.queued).toBe(MAX_QUEUED_PACKETS);
    const reliable = channel();
    reliable.channel.setReadyState('open');
    out.use(reliable.channel, true);
    expect(reliable.sent).toHaveLength(MAX_QUEUED_PACKETS);
    expect(reliable.sent.at(-1)).toBe(String(MAX_QUEUED_PACKETS - 1));
    expect(lossy.sent).toEqual([]);
  });
});
