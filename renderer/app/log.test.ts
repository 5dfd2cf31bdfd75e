import { describe, expect, it } from 'vitest';
import { parseRoomLink } from '../../shared/room-link';
import { createRendererLog, describeScreenForLog } from './log';

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('renderer log', () => {
  it('sends lines to main through the bridge, with a scope', async () => {
    const sent: unknown[] = [];
    const log = createRendererLog({ writeLog: async (entry) => (sent.push(entry), { ok: true, data: null }) }, 'new-call');
    log.warn('server unreachable');
    expect(sent).toEqual([{ level: 'warn', scope: 'new-call', message: 'server unreachable' }]);
  });

  it('describes a call screen without the link key', () => {
    const parsed = parseRoomLink(`https://meet.example.com/r/AAECAwQFBgcICQoLDA0ODw#v1.${SECRET}`);
    if (!parsed.ok) throw new Error('fixture');
    const line = describeScreenForLog({ name: 'lobby', link: parsed.value });
    expect(line).toBe('screen: lobby https://meet.example.com/r/AAECAwQFBgcICQoLDA0ODw (e2ee on)');
    expect(line).not.toContain(SECRET);
  });
});
