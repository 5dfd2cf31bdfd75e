import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { createSettingsStore } from './settings-store';

const quiet = { info() {}, warn() {}, error() {} };

describe('settings store', () => {
  it('starts from defaults and persists updates', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-settings-')), 'nested', 'settings.json');
    const store = createSettingsStore(file, quiet);
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    await store.update({ displayName: 'Ada', cameraDeviceId: 'cam-1' });
    const reopened = createSettingsStore(file, quiet);
    expect(await reopened.load()).toMatchObject({ displayName: 'Ada', cameraDeviceId: 'cam-1', joinWithMicrophone: true });
  });

  it('keeps the valid fields of a damaged file and warns', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-settings-')), 'settings.json');
    writeFileSync(file, JSON.stringify({ displayName: 'Grace', joinWithCamera: 'yes', unknown: 1 }));
    const warnings: string[] = [];
    const store = createSettingsStore(file, { ...quiet, warn: (m) => warnings.push(m) });
    expect(await store.load()).toEqual({ ...DEFAULT_SETTINGS, displayName: 'Grace' });
    writeFileSync(file, '{ not json');
    expect(await createSettingsStore(file, { ...quiet, warn: (m) => warnings.push(m) }).load()).toEqual(DEFAULT_SETTINGS);
    expect(warnings).toHaveLength(1);
  });

  it('keeps a valid meeting server and the first-run answer, and drops a server that breaks the host rules', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-settings-')), 'settings.json');
    const store = createSettingsStore(file, quiet);
    await store.update({ meetingServer: 'https://meet.example.com', serverChoiceSeen: true });
    expect(await createSettingsStore(file, quiet).load()).toMatchObject({ meetingServer: 'https://meet.example.com', serverChoiceSeen: true });
    writeFileSync(file, JSON.stringify({ meetingServer: 'http://meet.example.com', serverChoiceSeen: true }));
    expect(await createSettingsStore(file, quiet).load()).toMatchObject({ meetingServer: null, serverChoiceSeen: true });
  });

  it('serialises concurrent writes so the last one wins', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-settings-')), 'settings.json');
    const store = createSettingsStore(file, quiet);
    await Promise.all([store.update({ displayName: 'a' }), store.update({ displayName: 'b' }), store.update({ displayName: 'c' })]);
    expect(JSON.parse(readFileSync(file, 'utf8')).displayName).toBe('c');
  });
});
