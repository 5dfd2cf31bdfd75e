import { describe, expect, it } from 'vitest';
import { redactSecrets } from './log-redaction';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJ2aWRlbyI6eyJyb29tIjoiQUFFQ0F3In19.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('redactSecrets', () => {
  it.each([
    ['a whole room link', `joining https://meet.example.com/r/${ROOM}#v1.${SECRET} now`, SECRET],
    ['a sealroom:// link', `argv: sealroom://meet.example.com/r/${ROOM}#v1.${SECRET}`, SECRET],
    ['a key on its own', `room secret ${SECRET}`, SECRET],
    ['a key after "v1."', `key=v1.${SECRET}`, SECRET],
    ['a JWT', `token ${JWT}`, 'eyJzdWIiOiJhZGEi'],
    ['a JSON token answer', `{"server_url":"wss://x","participant_token":"${JWT}"}`, 'c2lnbmF0dXJl'],
    ['a bearer header', 'Authorization: Bearer s3cr3t-admission-value', 's3cr3t-admission-value'],
    ['a query token', 'GET https://feed.example/latest.yml?token=abc123def456', 'abc123def456'],
    ['standard base64 with / and +', 'raw key AbC1+dEf2/gHi3+jKl4/mNo5+pQr6/sTu7+vWx8=', 'AbC1+dEf2/gHi3+jKl4/mNo5+pQr6/sTu7+vWx8='],
    ['hex', 'fingerprint 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '9f86d081884c7d659a2feaa0'],
  ])('removes %s', (_name, line, secret) => {
    const redacted = redactSecrets(line);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('redacted');
  });

  it('leaves ordinary lines readable: room names, origins, paths, messages', () => {
    const lines = [
      `call: https://meet.example.com/r/${ROOM} (e2ee on)`,
      'settings: settings.json is unreadable, using defaults (EACCES)',
      '/home/ada/.config/Sealroom/logs/sealroom.log',
      'policy: /etc/sealroom/policy.json: Policy "updateMode" is invalid (invalid value); using the safe value instead.',
      'ipc updates:check: refused a call from an untrusted frame',
    ];
    for (const line of lines) expect(redactSecrets(line)).toBe(line);
  });
});
