import { describe, expect, it } from 'vitest';
import { decodeCallMessage, encodeCallMessage } from './call-messages';

describe('call messages', () => {
  it('round-trips every kind', () => {
    for (const message of [
      { type: 'chat', id: 'm1', text: 'hello' },
      { type: 'state', handRaised: true },
      { type: 'reaction', emoji: '🎉' },
    ] as const) {
      expect(decodeCallMessage(encodeCallMessage(message))).toEqual(message);
    }
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{nope')],
    ['invalid UTF-8', Uint8Array.of(0xff, 0xfe)],
    ['unknown type', new TextEncoder().encode('{"type":"admin","cmd":"kick"}')],
    ['extra fields', new TextEncoder().encode('{"type":"state","handRaised":true,"x":1}')],
    ['empty chat', new TextEncoder().encode('{"type":"chat","id":"a","text":""}')],
    ['unknown reaction', new TextEncoder().encode('{"type":"reaction","emoji":"💣"}')],
    ['oversized', new TextEncoder().encode(JSON.stringify({ type: 'chat', id: 'a', text: 'x'.repeat(9000) }))],
  ])('drops %s', (_name, bytes) => {
    expect(decodeCallMessage(bytes)).toBeNull();
  });
});
