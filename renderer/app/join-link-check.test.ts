import { describe, expect, it } from 'vitest';
import { checkJoinLink } from './join-link-check';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const link = (host: string, key = `v1.${SECRET}`) => `https://${host}/r/${ROOM}#${key}`;

describe('checkJoinLink', () => {
  it('explains a malformed link before looking at policy', () => {
    const result = checkJoinLink(`https://meet.example.com/r/${ROOM}`, { allowedLinkHosts: [] });
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(result.ok ? '' : result.message).toContain('missing its key');
  });

  it('lets an unmanaged user join any valid link, encrypted or not', () => {
    expect(checkJoinLink(link('meet.example.com'), {})).toMatchObject({ ok: true, link: { host: 'meet.example.com', e2ee: true } });
    expect(checkJoinLink(link('meet.example.com', 'v1.off'), {})).toMatchObject({ ok: true, link: { e2ee: false } });
  });

  it('refuses a v1.off link when the organisation requires end-to-end encryption', () => {
    const result = checkJoinLink(link('meet.example.com', 'v1.off'), { requireE2EE: true });
    expect(result).toMatchObject({ ok: false, reason: 'policy' });
    expect(result.ok ? '' : result.message).toMatch(/requires end-to-end encryption.*Ask for an encrypted link/);
    expect(checkJoinLink(link('meet.example.com'), { requireE2EE: true })).toMatchObject({ ok: true });
  });

  it('allows only approved hosts, wildcards and the policy server when allowedLinkHosts is set', () => {
    const policy = { allowedLinkHosts: ['*.corp.example'], defaultServer: 'https://meet.example.com' };
    expect(checkJoinLink(link('a.corp.example'), policy)).toMatchObject({ ok: true });
    expect(checkJoinLink(link('meet.example.com'), policy)).toMatchObject({ ok: true });
    const refused = checkJoinLink(link('evil.example'), policy);
    expect(refused).toMatchObject({ ok: false, reason: 'policy' });
    expect(refused.ok ? '' : refused.message).toContain('evil.example is not one of them');
    expect(refused.ok ? '' : refused.message).not.toContain(SECRET);
  });
});
