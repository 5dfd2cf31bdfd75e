import { describe, expect, it } from 'vitest';
import { RTCDataChannel, RTCDataChannelParameters } from 'werift';
import { silentLogger } from '../log';
import { DataOut, MAX_QUEUED_PACKETS } from './data-out';

/**
 * A werift data channel that is not connected to anything: what it would send is recorded instead, and `unacked`
 * stands for what werift's SCTP association has sent and the other end not yet acknowledged.
 */
function channel(): { channel: RTCDataChannel; sent: string[]; unacked: unknown[] } {
  const sent: string[] = [];
  const unacked: unknown[] = [];
  const transport = { dataChannelOpen: () => {}, datachannelSend: (_c: unknown, data: Buffer) => sent.push(data.toString()), sctp: { sentQueue: unacked, outboundQueue: [] } };
  const made = new RTCDataChannel(transport as never, new RTCDataChannelParameters({ label: '_reliable', ordered: true }));
  return { channel: made, sent, unacked };
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

  it("hands over to the client's own channel as it opens, sending again there what the old one has not had acknowledged (/rtc)", () => {
    const out = new DataOut(silentLogger);
    const server = channel();
    server.channel.setReadyState('open');
    out.use(server.channel, true);
    out.send(Buffer.from('acknowledged'), true);
    const client = channel();
    out.prefer(client.channel, true);
    out.send(Buffer.from('in flight 1'), true);
    out.send(Buffer.from('in flight 2'), true);
    // livekit-client drops a sender's packet that arrives after a later one: what may still be under way goes again
    server.unacked.push('chunk 1', 'chunk 2');
    client.channel.setReadyState('open');
    out.send(Buffer.from('after the hand-over'), true);
    expect(server.sent).toEqual(['acknowledged', 'in flight 1', 'in flight 2']);
    expect(client.sent).toEqual(['in flight 1', 'in flight 2', 'after the hand-over']);
  });

  it('sends nothing again when the old channel had everything acknowledged', () => {
    const out = new DataOut(silentLogger);
    const server = channel();
    server.channel.setReadyState('open');
    out.use(server.channel, true);
    out.send(Buffer.from('delivered'), true);
    const client = channel();
    client.channel.setReadyState('open');
    out.prefer(client.channel, true);
    out.send(Buffer.from('next'), true);
    expect(server.sent).toEqual(['delivered']);
    expect(client.sent).toEqual(['next']);
  });

  it("takes the client's channel as it opens when it is the only one, with what waited for it (/rtc/v1)", () => {
    const out = new DataOut(silentLogger);
    const client = channel();
    out.prefer(client.channel, true);
    out.send(Buffer.from('queued'), true);
    expect(out.queued).toBe(1);
    client.channel.setReadyState('open');
    out.send(Buffer.from('open'), true);
    expect(client.sent).toEqual(['queued', 'open']);
  });

  it('moves lossy packets over as soon as the client channel is open', () => {
    const out = new DataOut(silentLogger);
    const server = channel();
    server.channel.setReadyState('open');
    out.use(server.channel, false);
    server.unacked.push('in flight');
    const client = channel();
    out.prefer(client.channel, false);
    out.send(Buffer.from('server'), false);
    client.channel.setReadyState('open');
    out.send(Buffer.from('client'), false);
    expect(server.sent).toEqual(['server']);
    expect(client.sent).toEqual(['client']);
  });

  it("goes back to the server's channel when the client's closes (its publisher connection failed)", () => {
    const out = new DataOut(silentLogger);
    const server = channel();
    server.channel.setReadyState('open');
    out.use(server.channel, true);
    const client = channel();
    client.channel.setReadyState('open');
    out.prefer(client.channel, true);
    out.send(Buffer.from('on the client channel'), true);
    client.channel.setReadyState('closed');
    out.send(Buffer.from('after it closed'), true);
    expect(client.sent).toEqual(['on the client channel']);
    expect(server.sent).toEqual(['after it closed']);
  });
});
