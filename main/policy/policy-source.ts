/** One place an admin can put policy. `read` never throws: failures come back as `unreadable`. */
export interface PolicySource {
  /** Where the values came from, shown to users and admins, e.g. `/etc/sealroom/policy.json`. */
  readonly name: string;
  read(): Promise<PolicySourceResult>;
}

export type PolicySourceResult =
  | { kind: 'absent' }
  | { kind: 'values'; values: Record<string, unknown> }
  /** The source exists but could not be read or understood; `reason` must not contain policy values. */
  | { kind: 'unreadable'; reason: string };

export function errorReason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'unknown error';
}
