import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger';

const StoredHostsSchema = z.array(z.string().max(260)).max(500);

/**
 * Servers the user said "always allow" for when a link from outside the app asked to connect to them. Stored as
 * host[:port] only; a damaged file means asking again, never trusting more.
 */
export async function loadTrustedHosts(filePath: string, builtIn: readonly string[], log: Logger) {
  const remembered = new Set<string>();
  try {
    const parsed = StoredHostsSchema.safeParse(JSON.parse(await readFile(filePath, 'utf8')));
    if (parsed.success) parsed.data.forEach((host) => remembered.add(host.toLowerCase()));
    else log.warn('trusted link hosts file is damaged; Sealroom will ask again for every server');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('trusted link hosts file could not be read; Sealroom will ask again');
  }
  const always = new Set(builtIn.map((host) => host.toLowerCase()));

  return {
    has: (host: string): boolean => always.has(host.toLowerCase()) || remembered.has(host.toLowerCase()),
    async add(host: string): Promise<void> {
      remembered.add(host.toLowerCase());
      try {
        await mkdir(path.dirname(filePath), { recursive: true });
        await writeFile(filePath, JSON.stringify([...remembered], null, 2));
      } catch {
        log.warn('could not save the trusted link host; Sealroom will ask again next time');
      }
    },
  };
}

export type TrustedHosts = Awaited<ReturnType<typeof loadTrustedHosts>>;
