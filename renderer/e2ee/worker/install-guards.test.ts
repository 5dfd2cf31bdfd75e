import { describe, expect, it } from 'vitest';
import { DECODE_COUNTS_KIND } from './decode-counts-message';
import { installGuards } from './install-guards';

/** A stand-in worker global with the handler attribute where Chromium puts it: an accessor on the global itself. */
function workerGlobal(onPrototype: boolean) {
  const installed: { handler: ((event: { data: unknown }) => void) | null } = { handler: null };
  const accessor = { configurable: true, get: () => installed.handler, set: (handler: typeof installed.handler) => void (installed.handler = handler) };
  const scope = onPrototype ? Object.create(Object.defineProperty({}, 'onmessage', accessor)) : Object.defineProperty({}, 'onmessage', accessor);
  return { scope: scope as { onmessage: ((event: { data: unknown }) => void) | null }, installed };
}

describe('E2EE worker guards', () => {
  for (const onPrototype of [false, true]) {
    it(`wrap the handler the SDK assigns (native accessor ${onPrototype ? 'on a prototype' : 'on the global itself'})`, () => {
      const { scope, installed } = workerGlobal(onPrototype);
      installGuards(scope);
      const received: unknown[] = [];
      scope.onmessage = (event) => void received.push(event.data);
      expect(installed.handler).not.toBeNull();
      installed.handler!({ data: { kind: 'setSifTrailer', data: { trailer: new Uint8Array([1]) } } });
      installed.handler!({ data: { kind: 'ratchetRequest', data: {} } });
      installed.handler!({ data: { kind: 'updateCodec', data: { trackId: 't', hasPacketTrailer: true } } });
      installed.handler!({ data: { kind: 'setKey', data: { keyIndex: 1 } } });
      expect(received).toEqual([
        { kind: 'updateCodec', data: { trackId: 't', hasPacketTrailer: false } },
        { kind: 'setKey', data: { keyIndex: 1 } },
      ]);
    });
  }

  it('hands the SDK guarded streams in place of the ones it was sent for decoding', () => {
    const { scope, installed } = workerGlobal(false);
    installGuards(scope);
    const received: { data: { readableStream: unknown; writableStream: unknown } }[] = [];
    scope.onmessage = (event) => void received.push(event.data as never);
    const readableStream = new ReadableStream();
    const writableStream = new WritableStream();
    installed.handler!({ data: { kind: 'decode', data: { readableStream, writableStream, trackId: 't', hasPacketTrailer: true } } });
    expect(received[0]!.data.readableStream).toBeInstanceOf(ReadableStream);
    expect(received[0]!.data.readableStream).not.toBe(readableStream);
    expect(received[0]!.data.writableStream).not.toBe(writableStream);
  });

  it('answers the page\'s question for decode counts itself, with counts only, and never passes it to the SDK', () => {
    const { scope, installed } = workerGlobal(false);
    const posted: unknown[] = [];
    Object.assign(scope, { postMessage: (message: unknown) => void posted.push(message) });
    installGuards(scope);
    const received: unknown[] = [];
    scope.onmessage = (event) => void received.push(event.data);
    installed.handler!({ data: { kind: 'decode', data: { readableStream: new ReadableStream(), writableStream: new WritableStream(), trackId: 't1', participantIdentity: 'p-ada' } } });
    received.length = 0;
    installed.handler!({ data: { kind: DECODE_COUNTS_KIND } });
    expect(received).toEqual([]);
    expect(posted).toEqual([{ kind: DECODE_COUNTS_KIND, data: { streams: [{ participant: 'p-ada', trackId: 't1', kind: null, in: 0, out: 0 }], refusals: { undecrypted: 0, replayed: 0 } } }]);
  });
});
