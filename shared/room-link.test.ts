import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import {
  createRoomLink,
  describeRoomLinkForLog,
  formatRoomLink,
  isRoomName,
  parseRoomLink,
  parseServerOrigin,
  redactFragment,
  type RoomLinkErrorCode,
} from './room-link';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

function expectError(input: unknown, code?: RoomLinkErrorCode) {
  let result: ReturnType<typeof parseRoomLink> | undefined;
  expect(() => {
    result = parseRoomLink(input);
  }).not.toThrow();
  expect(result?.ok).toBe(false);
  if (result && !result.ok) {
    if (code) expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(10);
    // Error messages must never echo the secret back.
    expect(result.error.message).not.toContain(SECRET);
  }
}

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }
  });
  it('rejects non-canonical encodings', () => {
    expect(decodeBase64Url('AQ')).toEqual(Uint8Array.of(1));
    expect(decodeBase64Url('AB+')).toBeNull();
    expect(decodeBase64Url('AR')).toBeNull();
    expect(decodeBase64Url('A')).toBeNull();
  });
});

describe('parseRoomLink: valid links', () => {
  it('parses an https link', () => {
    const result = parseRoomLink(`https://meet.example.com/r/${ROOM}#v1.${SECRET}`);
    expect(result).toEqual({
      ok: true,
      value: {
        scheme: 'https',
        host: 'meet.example.com',
        hostname: 'meet.example.com',
        port: null,
        origin: 'https://meet.example.com',
        room: ROOM,
        e2ee: true,
        secret: SECRET,
      },
    });
  });

  it('parses a custom-scheme link to an https origin', () => {
    const result = parseRoomLink(`sealroom://Meet.Example.com:8443/r/${ROOM}#v1.${SECRET}`);
    expect(result.ok && result.value).toMatchObject({ scheme: 'sealroom', origin: 'https://meet.example.com:8443', port: 8443 });
  });

  it('parses loopback http links, and custom-scheme loopback links to http', () => {
    for (const host of ['127.0.0.1:7880', 'localhost:7880', '[::1]:7880']) {
      const http = parseRoomLink(`http://${host}/r/${ROOM}#v1.off`);
      expect(http.ok && http.value).toMatchObject({ origin: `http://${host}`, e2ee: false, secret: null });
      const custom = parseRoomLink(`sealroom://${host}/r/${ROOM}#v1.off`);
      expect(custom.ok && custom.value.origin).toBe(`http://${host}`);
    }
  });

  it('tolerates surrounding whitespace and a trailing slash', () => {
    expect(parseRoomLink(`  https://a.example/r/${ROOM}/#v1.off\n`).ok).toBe(true);
  });

  it('round-trips through formatRoomLink in both forms', () => {
    const parsed = parseRoomLink(`https://a.example/r/${ROOM}#v1.${SECRET}`);
    if (!parsed.ok) throw new Error('expected a link');
    expect(formatRoomLink(parsed.value)).toBe(`https://a.example/r/${ROOM}#v1.${SECRET}`);
    expect(formatRoomLink(parsed.value, 'sealroom')).toBe(`sealroom://a.example/r/${ROOM}#v1.${SECRET}`);
  });

  it('creates unguessable links from the random source', () => {
    let counter = 0;
    const random = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);
    const on = createRoomLink({ origin: 'https://a.example', e2ee: true, random });
    const off = createRoomLink({ origin: 'https://a.example', e2ee: false, random });
    expect(on.ok && on.value.e2ee && on.value.secret?.length).toBe(43);
    expect(on.ok && on.value.room.length).toBe(22);
    expect(off.ok && off.value).toMatchObject({ e2ee: false, secret: null });
    expect(on.ok && off.ok && on.value.room !== off.value.room).toBe(true);
  });

  it('never puts the secret in log descriptions', () => {
    const parsed = parseRoomLink(`https://a.example/r/${ROOM}#v1.${SECRET}`);
    if (!parsed.ok) throw new Error('expected a link');
    expect(describeRoomLinkForLog(parsed.value)).not.toContain(SECRET);
    expect(redactFragment(`opening https://a.example/r/${ROOM}#v1.${SECRET} now`)).not.toContain(SECRET);
  });
});

describe('parseRoomLink: malformed and hostile input is rejected without throwing', () => {
  const cases: Array<[string, unknown, RoomLinkErrorCode]> = [
    ['empty', '', 'empty'],
    ['whitespace only', '   ', 'empty'],
    ['not a string', 42, 'not-a-string'],
    ['null', null, 'not-a-string'],
    ['javascript url', `javascript:alert(1)//r/${ROOM}#v1.off`, 'unsupported-scheme'],
    ['file url', `file:///etc/passwd#v1.off`, 'unsupported-scheme'],
    ['data url', 'data:text/html,<script>alert(1)</script>', 'unsupported-scheme'],
    ['ftp', `ftp://a.example/r/${ROOM}#v1.off`, 'unsupported-scheme'],
    ['plain http to a public host', `http://a.example/r/${ROOM}#v1.off`, 'insecure-http'],
    ['http to a private LAN host', `http://192.168.1.4/r/${ROOM}#v1.off`, 'insecure-http'],
    ['credentials', `https://user:pass@a.example/r/${ROOM}#v1.off`, 'credentials'],
    ['user only', `https://evil@a.example/r/${ROOM}#v1.off`, 'credentials'],
    ['missing key', `https://a.example/r/${ROOM}`, 'missing-key'],
    ['empty fragment', `https://a.example/r/${ROOM}#`, 'missing-key'],
    ['short key', `https://a.example/r/${ROOM}#v1.${SECRET.slice(0, 30)}`, 'bad-key'],
    ['long key', `https://a.example/r/${ROOM}#v1.${SECRET}A`, 'bad-key'],
    ['non-canonical key', `https://a.example/r/${ROOM}#v1.${SECRET.slice(0, 42)}9`, 'bad-key'],
    ['unknown key version', `https://a.example/r/${ROOM}#v2.${SECRET}`, 'unsupported-key-version'],
    ['bare passphrase', `https://a.example/r/${ROOM}#hunter2`, 'unsupported-key-version'],
    ['short room', `https://a.example/r/${ROOM.slice(0, 21)}#v1.off`, 'bad-room'],
    ['long room', `https://a.example/r/${ROOM}A#v1.off`, 'bad-room'],
    ['room with bad characters', `https://a.example/r/${ROOM.slice(0, 21)}+#v1.off`, 'bad-room'],
    ['wrong path', `https://a.example/room/${ROOM}#v1.off`, 'bad-path'],
    ['path traversal', `https://a.example/r/../admin#v1.off`, 'bad-path'],
    ['extra path segment', `https://a.example/r/${ROOM}/x#v1.off`, 'bad-path'],
    ['query string', `https://a.example/r/${ROOM}?utm=1#v1.off`, 'query-not-allowed'],
    ['cyrillic look-alike host', `https://а.example/r/${ROOM}#v1.off`, 'non-ascii'],
    ['fullwidth look-alike', `ｈttps://a.example/r/${ROOM}#v1.off`, 'non-ascii'],
    ['right-to-left override', `https://a.example/r/${ROOM}#v1.off\u202e`, 'non-ascii'],
    ['chromium switch', `--gpu-launcher=calc.exe`, 'looks-like-switch'],
    ['switch smuggled into a link', `sealroom://a.example/r/${ROOM}#v1.off --gpu-launcher=calc`, 'control-characters'],
    ['embedded newline', `https://a.example/r/${ROOM}\n#v1.off`, 'control-characters'],
    ['embedded NUL', `https://a.example\u0000.evil/r/${ROOM}#v1.off`, 'control-characters'],
    ['quotes breaking out of argv', `sealroom://a.example/r/${ROOM}#v1.off" --inspect`, 'control-characters'],
    ['no slashes', `https:a.example/r/${ROOM}#v1.off`, 'not-a-link'],
    ['bare room name', ROOM, 'not-a-link'],
    ['empty host', `https:///r/${ROOM}#v1.off`, 'bad-host'],
    ['host with underscore', `https://a_b.example/r/${ROOM}#v1.off`, 'bad-host'],
    ['invalid IPv4', `https://999.1.1.1/r/${ROOM}#v1.off`, 'bad-host'],
    ['hex IPv4', `https://0x7f000001/r/${ROOM}#v1.off`, 'bad-host'],
    ['decimal IPv4', `http://2130706433:7880/r/${ROOM}#v1.off`, 'bad-host'],
    ['octal IPv4', `https://0177.0.0.1/r/${ROOM}#v1.off`, 'bad-host'],
    ['shortened IPv4', `http://127.1/r/${ROOM}#v1.off`, 'bad-host'],
    ['hex label in a name', `sealroom://meet.0x0a/r/${ROOM}#v1.off`, 'bad-host'],
    ['port out of range', `https://a.example:70000/r/${ROOM}#v1.off`, 'bad-port'],
    ['port not numeric', `https://a.example:http/r/${ROOM}#v1.off`, 'bad-port'],
    ['overlong input', `https://a.example/r/${ROOM}#v1.off${'A'.repeat(1000)}`, 'too-long'],
  ];

  it.each(cases)('%s', (_name, input, code) => expectError(input, code));

  it('covers at least 20 hostile inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});

describe('numeric host forms', () => {
  it.each([
    ['0x7f000001', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x0a.0.0x1', '10.0.0.1'],
    ['192.168.257', '192.168.1.1'],
    ['0xc0a80001.', '192.168.0.1'],
  ])('refuses %s, naming the address a browser would use (%s)', (host, address) => {
    const result = parseRoomLink(`https://${host}/r/${ROOM}#v1.off`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-host');
      expect(result.error.message).toContain(address);
    }
  });

  it('refuses them as meeting server addresses too', () => {
    const result = parseServerOrigin('http://0x7f000001:7880');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('127.0.0.1');
    expect(parseServerOrigin('http://127.0.0.1:7880').ok).toBe(true);
  });

  it('still accepts dotted addresses and names that merely contain digits', () => {
    for (const host of ['127.0.0.1:7880', '10.1.2.3', 'meet1.example', '0x.example', 'a.b2']) {
      expect(parseRoomLink(`https://${host}/r/${ROOM}#v1.off`).ok, host).toBe(true);
    }
  });
});

describe('isRoomName', () => {
  it('accepts only canonical 128-bit names', () => {
    expect(isRoomName(ROOM)).toBe(true);
    expect(isRoomName(ROOM.slice(0, 21) + 'B')).toBe(false);
    expect(isRoomName('x'.repeat(22))).toBe(false);
    expect(isRoomName(42)).toBe(false);
  });
});

describe('parseRoomLink: a room name with non-zero padding bits', () => {
  it('names the real problem instead of the length and alphabet, which are fine', () => {
    const tampered = `${ROOM.slice(0, 21)}B`;
    const result = parseRoomLink(`https://a.example/r/${tampered}#v1.off`);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-room' } });
    if (result.ok) return;
    expect(result.error.message).toBe(
      'The room name cannot end in "B": Sealroom\'s room names end in A, Q, g or w, so this link was changed or mistyped. Ask for the link again.',
    );
    expect(result.error.message).not.toContain('must be 22');
    // A name that really is too short still says so.
    expect(parseRoomLink(`https://a.example/r/${ROOM.slice(0, 21)}#v1.off`)).toMatchObject({ ok: false, error: { message: expect.stringContaining('must be 22') } });
  });

  it('accepts every last character that carries no extra bits', () => {
    for (const last of ['A', 'Q', 'g', 'w']) expect(parseRoomLink(`https://a.example/r/${ROOM.slice(0, 21)}${last}#v1.off`).ok).toBe(true);
  });
});

describe('parseServerOrigin', () => {
  it.each([
    ['https://meet.example.com', 'https://meet.example.com', 'meet.example.com'],
    ['  HTTPS://Meet.Example.com/ ', 'https://meet.example.com', 'meet.example.com'],
    ['https://meet.example.com:8443', 'https://meet.example.com:8443', 'meet.example.com:8443'],
    ['http://127.0.0.1:7880', 'http://127.0.0.1:7880', '127.0.0.1:7880'],
    ['http://localhost:7880/', 'http://localhost:7880', 'localhost:7880'],
    ['http://[::1]:7880', 'http://[::1]:7880', '[::1]:7880'],
  ])('accepts %s as %s', (input, origin, host) => {
    expect(parseServerOrigin(input)).toMatchObject({ ok: true, value: { origin, host } });
  });

  it.each([
    ['', 'empty'],
    ['meet.example.com', 'not-a-link'],
    ['ftp://meet.example.com', 'unsupported-scheme'],
    ['sealroom://meet.example.com', 'unsupported-scheme'],
    ['http://meet.example.com', 'insecure-http'],
    ['https://user:pw@meet.example.com', 'credentials'],
    ['https://meet.example.com/api/token', 'bad-path'],
    ['https://meet.example.com?x=1', 'bad-path'],
    [`https://meet.example.com/r/${ROOM}#v1.${SECRET}`, 'bad-path'],
    ['https://999.1.1.1', 'bad-host'],
    ['https://a_b.example', 'bad-host'],
    ['https://meet.example.com:0', 'bad-port'],
    ['https://meet.exa mple.com', 'non-ascii'],
  ])('refuses %j (%s) with a message saying what to do', (input, code) => {
    const result = parseServerOrigin(input);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).not.toContain(SECRET);
  });
});
