import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRotatingLog } from './rotating-log';

const folder = () => path.join(mkdtempSync(path.join(tmpdir(), 'sealroom-logs-')), 'logs');

describe('rotating log file', () => {
  it('rotates by size and keeps only so many older files, so the folder stays bounded', () => {
    const dir = folder();
    const log = createRotatingLog({ dir, name: 'sealroom', maxBytes: 100, keep: 2 });
    for (let i = 0; i < 50; i++) log.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`);
    expect(readdirSync(dir).sort()).toEqual(['sealroom.1.log', 'sealroom.2.log', 'sealroom.log']);
    for (const file of readdirSync(dir)) expect(statSync(path.join(dir, file)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(path.join(dir, 'sealroom.log'), 'utf8')).toContain('line 49');
    expect(log.tail(10_000)).not.toContain('line 00');
  });

  it('answers the tail oldest first, cut at a line boundary, and keeps one line per write', () => {
    const log = createRotatingLog({ dir: folder(), name: 'sealroom', maxBytes: 1000, keep: 1 });
    log.write('first');
    log.write('second\nwith a line break');
    log.write('third');
    expect(log.tail(10_000)).toBe('first\nsecond with a line break\nthird\n');
    expect(log.tail(12)).toBe('third\n');
  });
});
