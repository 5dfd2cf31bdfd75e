import { execFile } from 'node:child_process';

export type RegistryHive = 'HKLM' | 'HKCU';

export interface RegistryValue {
  name: string;
  type: string;
  /** REG_DWORD/REG_QWORD as a number, REG_MULTI_SZ as its strings, everything else as reg.exe prints it. */
  data: string | number | string[];
}

export interface RegistryReader {
  /** Values directly under `hive\key`; null when the key does not exist. Throws when it exists but cannot be read. */
  readValues(hive: RegistryHive, key: string): Promise<RegistryValue[] | null>;
}

const HIVE_NAMES: Record<RegistryHive, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

function decodeData(type: string, text: string): RegistryValue['data'] {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const number = Number.parseInt(text, 16);
    return /^0x[0-9a-f]+$/i.test(text) && Number.isSafeInteger(number) ? number : text;
  }
  if (type === 'REG_MULTI_SZ') return text === '' ? [] : text.split('\\0').filter((item) => item !== '');
  return text;
}

export interface RegQueryOutput {
  /** Full key paths as reg.exe prints them (`HKEY_LOCAL_MACHINE\...`), in output order. */
  keys: string[];
  values: Map<string, RegistryValue[]>;
}

/** Parses `reg.exe query` output: a key path line, then its values indented by four spaces. */
export function parseRegQueryOutput(output: string): RegQueryOutput {
  const keys: string[] = [];
  const values = new Map<string, RegistryValue[]>();
  let current: RegistryValue[] | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (line.startsWith('HKEY_')) {
      keys.push(line.trim());
      current = [];
      values.set(line.trim().toLowerCase(), current);
      continue;
    }
    const match = VALUE_LINE.exec(line);
    if (match && current) current.push({ name: match[1]!, type: match[2]!, data: decodeData(match[2]!, match[3] ?? '') });
  }
  return { keys, values };
}

export type RunRegExe = (args: string[]) => Promise<string>;

const runRegExe: RunRegExe = (args) =>
  new Promise((resolve, reject) => {
    execFile('reg.exe', args, { windowsHide: true, timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

/**
 * Reads the registry through `reg.exe query` (64-bit view). A key's existence is decided by walking down
 * and listing each parent, because reg.exe reports a missing key with a localised message
 * and the same exit code as an access failure. Listings are cached for the reader's lifetime.
 */
export class RegExeRegistryReader implements RegistryReader {
  private readonly queries = new Map<string, Promise<RegQueryOutput>>();

  constructor(private readonly run: RunRegExe = runRegExe) {}

  private query(path: string): Promise<RegQueryOutput> {
    const cacheKey = path.toLowerCase();
    let result = this.queries.get(cacheKey);
    if (!result) {
      result = this.run(['query', path, '/reg:64']).then(parseRegQueryOutput);
      this.queries.set(cacheKey, result);
    }
    return result;
  }

  async readValues(hive: RegistryHive, key: string): Promise<RegistryValue[] | null> {
    // The walk starts below the first segment (`Software`, which every hive has), so the hive root is never listed.
    const [first, ...rest] = key.split('\\').filter((part) => part !== '');
    let path = first === undefined ? HIVE_NAMES[hive] : `${HIVE_NAMES[hive]}\\${first}`;
    for (const segment of rest) {
      const child = `${path}\\${segment}`.toLowerCase();
      const listing = await this.query(path);
      const found = listing.keys.find((candidate) => candidate.toLowerCase() === child);
      if (!found) return null;
      path = found;
    }
    return (await this.query(path)).values.get(path.toLowerCase()) ?? [];
  }
}
