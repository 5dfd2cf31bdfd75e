import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { settingsFromStored, type Settings, type SettingsPatch } from '../shared/settings';
import type { Logger } from './logger';

/** User settings in one JSON file under userData; written atomically so a crash never leaves half a file. */
export function createSettingsStore(file: string, log: Logger) {
  let cached: Settings | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (cached) return cached;
    try {
      cached = settingsFromStored(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') log.warn(`settings: ${path.basename(file)} is unreadable, using defaults (${code ?? 'invalid JSON'})`);
      cached = settingsFromStored(undefined);
    }
    return cached;
  }

  /**
   * Updates run one after another, each from the state the previous one left: the first loads run concurrently
   * otherwise and may finish in any order, and a later update could then be written before an earlier one.
   */
  function update(patch: SettingsPatch): Promise<Settings> {
    const done = writing.then(async () => {
      const next: Settings = { ...(await load()), ...patch };
      cached = next;
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
      await rename(temp, file);
      return next;
    });
    // A failed write is reported to its caller; the next update still runs.
    writing = done.then(() => undefined, () => undefined);
    return done;
  }

  /** What was last loaded or written, without waiting (null before the first load). */
  const peek = (): Settings | null => cached;

  return { load, update, peek };
}
