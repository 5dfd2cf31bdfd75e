import { z } from 'zod';
import { parseServerOrigin } from './room-link';
import { UpdateChannelSchema, UpdateModeSchema, type UpdateChannel, type UpdateMode } from './updates';

/**
 * Managed policy: what an IT admin sets centrally (Windows registry, macOS managed preferences,
 * /etc/sealroom/policy.json). A key present in the policy is "managed": it beats the user's setting
 * and the settings screen shows it as set by the organisation. Absent keys leave the user in charge.
 */

/** Sealroom has no telemetry; the key exists so an admin can state "off" and have it shown as managed. */
const TelemetrySchema = z.literal('off');

const HOST_LABEL = '(?!-)[a-z0-9-]{1,63}(?<!-)';
const HOSTNAME = `(?:${HOST_LABEL}\\.)*${HOST_LABEL}`;
const LINK_HOST_PATTERN = new RegExp(`^(\\*\\.)?${HOSTNAME}(?::\\d{1,5})?$`);

/** `https://host[:port]`; plain http only for a server on this computer (room links' host rules). Normalised. */
const ServerOriginSchema = z
  .string()
  .max(256)
  .transform((value, context) => {
    const parsed = parseServerOrigin(value);
    if (parsed.ok) return parsed.value.origin;
    context.addIssue({ code: 'custom', message: 'must be an origin like https://meet.example.com (no path; http only for localhost)' });
    return z.NEVER;
  });

/** `meet.example.com`, `meet.example.com:8443` or `*.example.com` (any subdomain, not the domain itself). */
const LinkHostPatternSchema = z
  .string()
  .max(256)
  .transform((value) => value.trim().toLowerCase())
  .refine((value) => LINK_HOST_PATTERN.test(value), 'must be a host name such as meet.example.com or *.example.com');

export const policyKeySchemas = {
  defaultServer: ServerOriginSchema,
  allowedLinkHosts: z.array(LinkHostPatternSchema).max(200),
  requireE2EE: z.boolean(),
  allowScreenSharing: z.boolean(),
  updateMode: UpdateModeSchema,
  updateChannel: UpdateChannelSchema,
  telemetry: TelemetrySchema,
} as const;

export const PolicySchema = z.object(policyKeySchemas).partial().strict();
export type Policy = z.infer<typeof PolicySchema>;

export type PolicyKey = keyof typeof policyKeySchemas;
export const POLICY_KEYS = Object.keys(policyKeySchemas) as PolicyKey[];
const PolicyKeySchema = z.enum(POLICY_KEYS as [PolicyKey, ...PolicyKey[]]);

function isPolicyKey(name: string): name is PolicyKey {
  return Object.hasOwn(policyKeySchemas, name);
}

/**
 * What a key falls back to when the admin's value cannot be read or is invalid: the most restrictive
 * choice that still lets people meet. `defaultServer` has no safe guess, so it stays unset; with
 * `allowedLinkHosts` then empty, only links to a valid policy server (if any) are allowed.
 */
export const STRICT_POLICY_VALUES: Required<Omit<Policy, 'defaultServer'>> = {
  allowedLinkHosts: [],
  requireE2EE: true,
  allowScreenSharing: false,
  updateMode: 'off',
  updateChannel: 'stable',
  telemetry: 'off',
};

const PolicyIssueSchema = z
  .object({
    /** The failing key, or `*` when the whole source could not be read. */
    key: z.string().max(128),
    source: z.string().max(256),
    message: z.string().max(512),
    /** `strict` when safe values replaced the admin's; `ignored` for keys Sealroom does not know. */
    outcome: z.enum(['strict', 'ignored']),
  })
  .strict();
export type PolicyIssue = z.infer<typeof PolicyIssueSchema>;

/** What main hands to the renderer: the merged policy, which keys it manages, and what went wrong. */
export const PolicyStateSchema = z
  .object({
    policy: PolicySchema,
    managedKeys: z.array(PolicyKeySchema),
    /** Sources that contributed, highest precedence first, e.g. `HKLM\Software\Policies\Sealroom`. */
    sources: z.array(z.string().max(256)),
    issues: z.array(PolicyIssueSchema),
  })
  .strict();
export type PolicyState = z.infer<typeof PolicyStateSchema>;

export interface ParsedPolicy {
  policy: Policy;
  issues: PolicyIssue[];
}

function describeInvalid(key: PolicyKey, error: z.ZodError): string {
  // Only the schema's own messages: the admin's value may hold a secret and is never echoed.
  const reasons = error.issues.map((issue) => (issue.code === 'custom' ? issue.message : issue.code.replace(/_/g, ' ')));
  return `Policy "${key}" is invalid (${[...new Set(reasons)].join('; ')}); using the safe value instead.`;
}

/** Validates one source's values key by key, so one bad key does not discard the others. */
export function parsePolicyValues(raw: Readonly<Record<string, unknown>>, source: string): ParsedPolicy {
  const policy: Record<string, unknown> = {};
  const issues: PolicyIssue[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!isPolicyKey(name)) {
      issues.push({ key: name.slice(0, 128), source, outcome: 'ignored', message: `Unknown policy "${name.slice(0, 64)}" was ignored.` });
      continue;
    }
    const parsed = policyKeySchemas[name].safeParse(value);
    if (parsed.success) {
      policy[name] = parsed.data;
      continue;
    }
    issues.push({ key: name, source, outcome: 'strict', message: describeInvalid(name, parsed.error) });
    if (name !== 'defaultServer') policy[name] = STRICT_POLICY_VALUES[name];
  }
  return { policy: PolicySchema.parse(policy), issues };
}

/** For a source that exists but cannot be read: every key takes its strict value. */
export function strictPolicy(source: string, reason: string): ParsedPolicy {
  return {
    policy: { ...STRICT_POLICY_VALUES, allowedLinkHosts: [] },
    issues: [{ key: '*', source, outcome: 'strict', message: `Policy could not be read (${reason}); safe values apply to every key.` }],
  };
}

/** Per key, the first (highest-precedence) policy that sets it wins. */
export function mergePolicies(byPrecedence: readonly Policy[]): Policy {
  const merged: Record<string, unknown> = {};
  for (const policy of [...byPrecedence].reverse()) Object.assign(merged, policy);
  return PolicySchema.parse(merged);
}

export function managedKeysOf(policy: Policy): PolicyKey[] {
  return POLICY_KEYS.filter((key) => policy[key] !== undefined);
}

/** The user-visible settings a policy can override. */
export interface PolicyControlledSettings {
  defaultServer: string | null;
  requireE2EE: boolean;
  allowScreenSharing: boolean;
  updateMode: UpdateMode;
  updateChannel: UpdateChannel;
  telemetry: 'off';
}

export const DEFAULT_POLICY_CONTROLLED_SETTINGS: PolicyControlledSettings = {
  defaultServer: null,
  requireE2EE: false,
  allowScreenSharing: true,
  updateMode: 'notify',
  updateChannel: 'stable',
  telemetry: 'off',
};

export interface EffectiveSettings<T extends PolicyControlledSettings> {
  settings: T;
  /** Keys set by the organisation; the settings screen shows them read-only. */
  managedKeys: PolicyKey[];
}

export function effectiveSettings<T extends PolicyControlledSettings>(user: T, policy: Policy): EffectiveSettings<T> {
  const settings: T = { ...user };
  if (policy.defaultServer !== undefined) settings.defaultServer = policy.defaultServer;
  if (policy.requireE2EE !== undefined) settings.requireE2EE = policy.requireE2EE;
  if (policy.allowScreenSharing !== undefined) settings.allowScreenSharing = policy.allowScreenSharing;
  if (policy.updateMode !== undefined) settings.updateMode = policy.updateMode;
  if (policy.updateChannel !== undefined) settings.updateChannel = policy.updateChannel;
  settings.telemetry = 'off';
  return { settings, managedKeys: managedKeysOf(policy) };
}

export type PolicyDenialCode = 'e2ee-required' | 'host-not-allowed' | 'screen-sharing-disabled';

export interface PolicyDenial {
  code: PolicyDenialCode;
  message: string;
}

export type PolicyCheck = { ok: true } | { ok: false; error: PolicyDenial };

const ALLOWED: PolicyCheck = { ok: true };

const E2EE_REQUIRED: PolicyDenial = {
  code: 'e2ee-required',
  message: 'Your organisation requires end-to-end encryption. This call is not encrypted, so Sealroom will not join it. Ask for an encrypted link.',
};

/** The parts of a parsed room link (shared/room-link.ts `RoomLink`) that policy looks at. */
export interface PolicyLinkView {
  /** Host with port when the link has one. */
  host: string;
  hostname: string;
  e2ee: boolean;
}

function hostMatches(pattern: string, link: PolicyLinkView): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    const candidate = pattern.includes(':') ? link.host : link.hostname;
    return candidate.endsWith(suffix) && candidate.length > suffix.length;
  }
  return pattern.includes(':') ? link.host === pattern : link.hostname === pattern;
}

function allowedHostPatterns(policy: Policy): string[] | null {
  if (policy.allowedLinkHosts === undefined) return null;
  const patterns = [...policy.allowedLinkHosts];
  const server = policy.defaultServer === undefined ? null : parseServerOrigin(policy.defaultServer);
  if (server?.ok) patterns.push(server.value.host);
  return patterns;
}

/** Whether a parsed link may be joined. `settings.requireE2EE` covers a user who opted in themselves. */
export function checkLinkAllowed(link: PolicyLinkView, policy: Policy, settings?: Pick<PolicyControlledSettings, 'requireE2EE'>): PolicyCheck {
  if (!link.e2ee && (policy.requireE2EE === true || (policy.requireE2EE === undefined && settings?.requireE2EE === true))) {
    return { ok: false, error: E2EE_REQUIRED };
  }
  const patterns = allowedHostPatterns(policy);
  if (patterns !== null && !patterns.some((pattern) => hostMatches(pattern, link))) {
    return {
      ok: false,
      error: {
        code: 'host-not-allowed',
        message: `Your organisation only allows calls on approved servers, and ${link.hostname} is not one of them. Ask your IT team if you need it.`,
      },
    };
  }
  return ALLOWED;
}

/** Whether a new call with this encryption choice may be created. */
export function checkCreateAllowed(options: { e2ee: boolean }, policy: Policy, settings?: Pick<PolicyControlledSettings, 'requireE2EE'>): PolicyCheck {
  if (!options.e2ee && (policy.requireE2EE === true || (policy.requireE2EE === undefined && settings?.requireE2EE === true))) {
    return {
      ok: false,
      error: { ...E2EE_REQUIRED, message: 'Your organisation requires end-to-end encryption, so calls without it cannot be created.' },
    };
  }
  return ALLOWED;
}

export function checkScreenShareAllowed(policy: Policy): PolicyCheck {
  if (policy.allowScreenSharing === false) {
    return { ok: false, error: { code: 'screen-sharing-disabled', message: 'Your organisation has turned off screen sharing in Sealroom.' } };
  }
  return ALLOWED;
}
