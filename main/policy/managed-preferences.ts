import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorReason, type PolicySource, type PolicySourceResult } from './policy-source';
import { parseXmlPlist } from './xml-plist';

const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

export type ManagedPreferencesScope = { kind: 'device' } | { kind: 'user'; userName: string };

export interface ManagedPreferencesReader {
  /** The managed preferences for `bundleId` in `scope`; null when none are installed. Throws when unreadable. */
  read(bundleId: string, scope: ManagedPreferencesScope): Promise<unknown>;
}

/** Converts a plist file of any format to JSON text; rejects with code ENOENT when plutil itself is missing. */
export type PlistToJson = (path: string) => Promise<string>;

const plutilToJson: PlistToJson = (path) =>
  new Promise((resolve, reject) => {
    execFile('/usr/bin/plutil', ['-convert', 'json', '-o', '-', '--', path], { timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/**
 * Reads `/Library/Managed Preferences/<bundleId>.plist` (device) and `…/<user>/<bundleId>.plist` (user),
 * which macOS writes from installed configuration profiles. These are often binary plists, so `plutil`
 * converts them; without plutil (tests, other systems) XML plists are parsed directly.
 */
export class PlistFileManagedPreferencesReader implements ManagedPreferencesReader {
  constructor(
    private readonly options: { root?: string; plistToJson?: PlistToJson } = {},
  ) {}

  pathFor(bundleId: string, scope: ManagedPreferencesScope): string {
    const root = this.options.root ?? MANAGED_PREFERENCES_DIR;
    return scope.kind === 'device' ? join(root, `${bundleId}.plist`) : join(root, scope.userName, `${bundleId}.plist`);
  }

  async read(bundleId: string, scope: ManagedPreferencesScope): Promise<unknown> {
    const path = this.pathFor(bundleId, scope);
    let contents: Buffer;
    try {
      contents = await readFile(path);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      return JSON.parse(await (this.options.plistToJson ?? plutilToJson)(path)) as unknown;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (contents.subarray(0, 8).toString('latin1') === 'bplist00') throw new Error('binary plist needs plutil');
    return parseXmlPlist(contents.toString('utf8'));
  }
}

export class ManagedPreferencesPolicySource implements PolicySource {
  readonly name: string;

  constructor(
    private readonly reader: ManagedPreferencesReader,
    private readonly bundleId: string,
    private readonly scope: ManagedPreferencesScope,
  ) {
    this.name = scope.kind === 'device' ? `managed preferences for ${bundleId}` : `managed preferences for ${bundleId} (user ${scope.userName})`;
  }

  async read(): Promise<PolicySourceResult> {
    try {
      const values = await this.reader.read(this.bundleId, this.scope);
      if (values === null) return { kind: 'absent' };
      if (typeof values !== 'object' || Array.isArray(values)) return { kind: 'unreadable', reason: 'the plist is not a dictionary' };
      // Profile bookkeeping (PayloadUUID, …) is not policy, wherever an MDM leaves it.
      const entries = Object.entries(values as Record<string, unknown>).filter(([key]) => !key.startsWith('Payload'));
      return { kind: 'values', values: Object.fromEntries(entries) };
    } catch (error) {
      return { kind: 'unreadable', reason: `managed preferences read failed: ${errorReason(error)}` };
    }
  }
}
