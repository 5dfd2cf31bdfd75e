import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { normalizeIp, readRequestOrigin, wsOriginOf } from './forwarded-request';

function request(headers: Record<string, string>, peer = '10.0.0.2', encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress: peer, encrypted } } as unknown as IncomingMessage;
}

describe('readRequestOrigin', () => {
  const proxied = { host: '127.0.0.1:7880', 'x-forwarded-for': '198.51.100.9, 203.0.113.5', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'meet.example.com', forwarded: 'for=192.0.2.66;proto=http;host=evil.example' };

  it('believes no proxy header unless told to', () => {
    expect(readRequestOrigin(request(proxied), 'off')).toEqual({ secure: false, host: '127.0.0.1:7880', clientIp: '10.0.0.2' });
    expect(readRequestOrigin(request({ host: 'meet.example.com' }, '::ffff:10.0.0.3', true), 'off')).toEqual({ secure: true, host: 'meet.example.com', clientIp: '10.0.0.3' });
  });

  it('takes the nearest X-Forwarded values when trusting x-forwarded, and ignores Forwarded', () => {
    const origin = readRequestOrigin(request(proxied), 'x-forwarded');
    expect(origin).toEqual({ secure: true, host: 'meet.example.com', clientIp: '203.0.113.5' });
    expect(wsOriginOf(origin)).toBe('wss://meet.example.com');
  });

  it('takes the last Forwarded element when trusting forwarded, and ignores X-Forwarded', () => {
    const origin = readRequestOrigin(request({ ...proxied, forwarded: 'for=198.51.100.9, for="[2001:db8::7]:4711";proto=https;host=meet.example.com' }), 'forwarded');
    expect(origin).toEqual({ secure: true, host: 'meet.example.com', clientIp: '2001:db8::7' });
  });

  it('falls back to the connection for a malformed header', () => {
    expect(readRequestOrigin(request({ host: 'bad host!', 'x-forwarded-for': 'not-an-ip', 'x-forwarded-host': '<script>' }), 'x-forwarded')).toEqual({ secure: false, host: null, clientIp: '10.0.0.2' });
  });
});

describe('normalizeIp', () => {
  it.each([
    ['192.0.2.1:8080', '192.0.2.1'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['unknown', null],
    ['_hidden', null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });
});
