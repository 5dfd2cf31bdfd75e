import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoomLink, type RoomLink } from '../../shared/room-link';
import { decideHost } from './decide-host';
import { loadTrustedHosts } from './trusted-hosts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const roomLink = (host: string, key = `v1.${SECRET}`): RoomLink => {
  const parsed = parseRoomLink(`sealroom://${host}/r/${ROOM}#${key}`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

describe('trusted link hosts', () => {
  it('trusts built-in hosts, remembers added ones across restarts, and treats a damaged file as empty', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-hosts-')), 'nested', 'trusted.json');
    const first = await loadTrustedHosts(file, ['127.0.0.1:7880'], silent);
    expect(first.has('127.0.0.1:7880')).toBe(true);
    expect(first.has('meet.example.com')).toBe(false);
    await first.add('Meet.Example.com');
    const second = await loadTrustedHosts(file, [], silent);
    expect(second.has('meet.example.com')).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(['meet.example.com']);

    writeFileSync(file, '{"not":"a list"}');
    const warnings: string[] = [];
    const damaged = await loadTrustedHosts(file, [], { ...silent, warn: (line) => warnings.push(line) });
    expect(damaged.has('meet.example.com')).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});

describe('host decision', () => {
  const trusted = (host: string) => host === 'meet.example.com';

  it('opens trusted hosts, asks for others', () => {
    expect(decideHost(roomLink('meet.example.com'), {}, trusted)).toEqual({ kind: 'allowed' });
    expect(decideHost(roomLink('new.example.com'), {}, trusted)).toEqual({ kind: 'ask' });
  });

  it('follows the organisation allow-list: listed hosts open directly, others are refused', () => {
    const policy = { allowedLinkHosts: ['*.corp.example'] };
    expect(decideHost(roomLink('meet.corp.example'), policy, trusted)).toEqual({ kind: 'allowed' });
    expect(decideHost(roomLink('meet.example.com'), policy, trusted)).toMatchObject({ kind: 'denied', message: expect.stringContaining('approved servers') });
  });

  it('refuses an unencrypted call when the organisation requires encryption', () => {
    expect(decideHost(roomLink('meet.example.com', 'v1.off'), { requireE2EE: true }, trusted)).toMatchObject({ kind: 'denied' });
  });
});
