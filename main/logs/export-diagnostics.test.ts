import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { createConsoleLogger } from '../logger';
import { exportDiagnostics } from './export-diagnostics';
import { createRotatingLog } from './rotating-log';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const LINK = `https://meet.example.com/r/${ROOM}#v1.${SECRET}`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJ2aWRlbyI6eyJyb29tIjoiQUFFQ0F3In19.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const STD_KEY = 'AbC1+dEf2/gHi3+jKl4/mNo5+pQr6/sTu7+vWx8=';
const quiet = { log() {}, warn() {}, error() {} };

describe('diagnostics bundle', () => {
  it('holds no fragment, key or token even when they were logged by mistake, and keeps what support needs', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-diag-')), 'logs');
    const file = createRotatingLog({ dir, name: 'sealroom', maxBytes: 100_000, keep: 2 });
    const main = createConsoleLogger('main', quiet, file);
    // Mistakes through the logger: redacted as they are written.
    main.info(`opening ${LINK}`);
    main.warn(`token answer {"participant_token":"${JWT}"}`);
    main.error(`room key ${SECRET} and hex ${HEX_KEY}`);
    // Mistakes that reached the file some other way (an older version, a hand-edited file): redacted on export.
    appendFileSync(path.join(dir, 'sealroom.log'), `raw ${LINK}\nraw Authorization: Bearer ${JWT}\nraw sealroom://meet.example.com/r/${ROOM}#v1.${SECRET}\nraw ${STD_KEY}\n`);

    let written = '';
    const result = await exportDiagnostics({
      chooseFile: async (name) => path.join(dir, name),
      writeFile: async (_file, text) => void (written = text),
      collect: async () => ({
        app: { name: 'Sealroom', version: '1.2.3', shell: 'electron', platform: 'linux' },
        versions: { electron: '45.5.0', os: 'Linux 6.8 x64' },
        policy: { policy: { defaultServer: 'https://meet.corp.example' }, managedKeys: ['defaultServer'], sources: ['/etc/sealroom/policy.json'], issues: [] },
        settings: { ...DEFAULT_SETTINGS, displayName: 'Ada Lovelace', cameraDeviceId: 'c0ffee'.repeat(8), meetingServer: 'https://meet.example.com' },
        updates: { state: 'up-to-date' },
        inCall: false,
        logs: file.tail(256_000),
      }),
      now: () => new Date('2026-05-01T10:00:00Z'),
      log: createConsoleLogger('test', quiet),
    });

    expect(result).toEqual({ saved: true, file: path.join(dir, 'sealroom-diagnostics-2026-05-01T10-00-00.txt') });
    for (const secret of [SECRET, JWT, 'c2lnbmF0dXJl', HEX_KEY, STD_KEY, `#v1.`, 'Ada Lovelace', 'c0ffee']) expect(written).not.toContain(secret);
    expect(written).toContain('"version": "1.2.3"');
    expect(written).toContain('"electron": "45.5.0"');
    expect(written).toContain('https://meet.corp.example');
    expect(written).toContain('"meetingServer": "https://meet.example.com"');
    expect(written).toContain('"displayName": "set (not included)"');
    // The room name and the server stay, so support can match the log to a call.
    expect(written).toContain(`opening https://meet.example.com/r/${ROOM}#<redacted>`);
    expect(written).toMatch(/raw https:\/\/meet\.example\.com\/r\/AAECAwQFBgcICQoLDA0ODw#<redacted>/);
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    let collected = false;
    const result = await exportDiagnostics({
      chooseFile: async () => null,
      writeFile: async () => {
        throw new Error('must not write');
      },
      collect: async () => {
        collected = true;
        throw new Error('must not collect');
      },
      log: createConsoleLogger('test', quiet),
    });
    expect(result).toEqual({ saved: false, file: null });
    expect(collected).toBe(false);
  });
});
