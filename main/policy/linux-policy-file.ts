import { readFile } from 'node:fs/promises';
import { errorReason, type PolicySource, type PolicySourceResult } from './policy-source';

export const LINUX_POLICY_PATH = '/etc/sealroom/policy.json';

/** `/etc/sealroom/policy.json`: one JSON object with the policy keys. Only root should be able to write it. */
export class JsonFilePolicySource implements PolicySource {
  constructor(readonly name: string = LINUX_POLICY_PATH) {}

  async read(): Promise<PolicySourceResult> {
    let text: string;
    try {
      text = await readFile(this.name, 'utf8');
    } catch (error) {
      if (errorReason(error) === 'ENOENT') return { kind: 'absent' };
      return { kind: 'unreadable', reason: `cannot read the file: ${errorReason(error)}` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse messages quote the file's text, which may hold a secret.
      return { kind: 'unreadable', reason: 'the file is not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { kind: 'unreadable', reason: 'the file must contain one JSON object' };
    }
    return { kind: 'values', values: { ...(parsed as Record<string, unknown>) } };
  }
}
