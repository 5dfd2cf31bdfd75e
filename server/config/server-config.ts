import { isIP } from 'node:net';
import { z } from 'zod';
import type { RoomAdmissionConfig } from '../admission/room-admission';
import { credentialsFromEnv, type Credentials } from '../credentials';
import { isOriginPattern } from '../http/cors';
import type { TrustProxy } from '../http/forwarded-request';
import { DEFAULT_JOIN_LIMIT, type AbuseLimits } from '../limits/abuse-limits';
import { isTurnUrl, type TurnSettings } from '../network/turn-servers';
import type { PortRange } from '../network/udp-port-pool';

/**
 * The server's settings from its command line and environment, read and checked once: every flag has an
 * environment variable (for containers and units), a flag beats its variable, and secrets are environment only (a
 * flag would show in `ps`). Anything malformed is refused with a message naming the setting.
 */
export const DEFAULT_PORT = 7880;

interface Setting {
  key: string;
  flag: string;
  env: string;
  /** `optional`: the flag may stand alone (`--host`), meaning `alone`. */
  arg: 'value' | 'optional';
  alone?: string;
  usage: string;
}

const SETTINGS: readonly Setting[] = [
  { key: 'port', flag: 'port', env: 'SEALROOM_PORT', arg: 'value', usage: `--port N               TCP port (default ${DEFAULT_PORT}; 0 picks a free one)` },
  { key: 'host', flag: 'host', env: 'SEALROOM_HOST', arg: 'optional', alone: '0.0.0.0', usage: '--host [ADDRESS]       listen on a network interface (alone: every one, 0.0.0.0) instead of 127.0.0.1' },
  { key: 'tlsCert', flag: 'tls-cert', env: 'SEALROOM_TLS_CERT', arg: 'value', usage: '--tls-cert FILE        serve https and wss with this PEM certificate (chain) ...' },
  { key: 'tlsKey', flag: 'tls-key', env: 'SEALROOM_TLS_KEY', arg: 'value', usage: '--tls-key FILE         ... and this PEM private key' },
  { key: 'trustProxy', flag: 'trust-proxy', env: 'SEALROOM_TRUST_PROXY', arg: 'optional', alone: 'x-forwarded', usage: '--trust-proxy [KIND]   believe the reverse proxy in front: x-forwarded (alone; X-Forwarded-For/-Proto/-Host) or forwarded (RFC 7239)' },
  { key: 'allowedOrigins', flag: 'allowed-origins', env: 'SEALROOM_ALLOWED_ORIGINS', arg: 'value', usage: '--allowed-origins L    origins whose pages may call the API besides this server\'s own, comma-separated (default app://sealroom)' },
  { key: 'externalIp', flag: 'external-ip', env: 'SEALROOM_EXTERNAL_IP', arg: 'value', usage: '--external-ip ADDR     the IPv4 address clients send media to (a public address mapped 1:1 to this host)' },
  { key: 'udpPorts', flag: 'udp-ports', env: 'SEALROOM_UDP_PORTS', arg: 'value', usage: '--udp-ports MIN-MAX    UDP ports for media, one per peer connection (two per participant)' },
  { key: 'tokenRate', flag: 'token-rate', env: 'SEALROOM_TOKEN_RATE', arg: 'value', usage: '--token-rate R|off     token requests per client address, R as N/min or N/s (default 60/min, bursts of as many)' },
  { key: 'joinRate', flag: 'join-rate', env: 'SEALROOM_JOIN_RATE', arg: 'value', usage: '--join-rate R|off      signalling joins and resumes per client address, N/min or N/s (default 20/s)' },
  { key: 'joinBurst', flag: 'join-burst', env: 'SEALROOM_JOIN_BURST', arg: 'value', usage: '--join-burst N         joins one client address may make at once before --join-rate applies (default 120)' },
  { key: 'roomReaper', flag: 'room-reaper', env: 'SEALROOM_ROOM_REAPER', arg: 'value', usage: '--room-reaper on|off   with LIVEKIT_URL: end that LiveKit\'s calls at 24 h by deleting older rooms through its RoomService (default on)' },
  { key: 'maxRooms', flag: 'max-rooms', env: 'SEALROOM_MAX_ROOMS', arg: 'value', usage: '--max-rooms N          calls at once on this server (default 200)' },
  { key: 'maxParticipants', flag: 'max-participants', env: 'SEALROOM_MAX_PARTICIPANTS', arg: 'value', usage: '--max-participants N   participants in all calls together (default 500)' },
];

/** Settings that only the environment carries (secrets, and what goes with them). */
const ENV_ONLY: readonly { names: readonly string[]; usage: string }[] = [
  { names: ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'], usage: 'front a real LiveKit instead of the embedded server' },
  { names: ['LIVEKIT_API_URL'], usage: 'where to reach its RoomService, if not at LIVEKIT_URL' },
  { names: ['SEALROOM_CREATE_SECRET'], usage: 'starting a room needs this bearer secret' },
  { names: ['SEALROOM_CREATE_JWKS_URL', 'SEALROOM_CREATE_ISSUER', 'SEALROOM_CREATE_AUDIENCE'], usage: '... or a sign-in JWT checked against these' },
  { names: ['SEALROOM_TURN_URLS', 'SEALROOM_TURN_SECRET'], usage: 'an external TURN server for clients (coturn static-auth-secret)' },
];

/** Every environment variable the server reads. */
export const ENVIRONMENT_NAMES: readonly string[] = [...SETTINGS.map((setting) => setting.env), ...ENV_ONLY.flatMap((each) => each.names)];

export const USAGE = `Usage: sealroom-server [options]   (from a checkout: npm run server -- [options])
${SETTINGS.map((setting) => `  ${setting.usage}`).join('\n')}
  -h, --help             this text
Each option can also be set by its environment variable (${SETTINGS.map((setting) => setting.env).join(', ')}).
Environment only:
${ENV_ONLY.map((each) => `  ${each.names.join(', ')}\n      ${each.usage}`).join('\n')}`;

export interface ServerConfig {
  port: number;
  host: string;
  tls: { certFile: string; keyFile: string } | null;
  credentials: Credentials;
  trustProxy: TrustProxy;
  allowedOrigins: string[] | null;
  externalIp: string | null;
  udpPorts: PortRange | null;
  abuseLimits: Partial<AbuseLimits>;
  /** In front of a real LiveKit: delete its rooms older than the call limit (livekit/room-reaper.ts). */
  roomReaper: boolean;
  roomAdmission: RoomAdmissionConfig | null;
  turn: TurnSettings | null;
}

export type ConfigResult = { ok: true; help: boolean; config: ServerConfig } | { ok: false; message: string };

/** TURN credentials outlive the longest call by an hour: a relay refreshes its allocation with them. */
const TURN_CREDENTIAL_TTL_S = 25 * 60 * 60;

const integer = (min: number, max: number) =>
  z.string().regex(/^\d{1,6}$/, 'must be a whole number').transform(Number).refine((n) => n >= min && n <= max, `must be from ${min} to ${max}`);

/** `N`, `N/min` (a minute) or `N/s` (a second), or `off`; null stands for off. */
const rate = z
  .string()
  .regex(/^(off|\d{1,5}(\/min|\/s)?)$/, 'must be a rate such as 60/min or 20/s (a bare number is a minute), or off')
  .transform((value): number | null => (value === 'off' ? null : Number.parseInt(value, 10) * (value.endsWith('/s') ? 60 : 1)))
  .refine((perMinute) => perMinute === null || perMinute > 0, 'must be at least 1 (or off)');

const loopbackHttp = (url: URL) => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

const RawSchema = z
  .object({
    port: integer(0, 65535).default(DEFAULT_PORT),
    host: z
      .string()
      .refine((value) => value === 'localhost' || isIP(value) !== 0, 'must be an IP address (such as 0.0.0.0 or 192.0.2.10) or localhost')
      .default('127.0.0.1'),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    trustProxy: z.enum(['off', 'x-forwarded', 'forwarded'], 'must be x-forwarded, forwarded or off').default('off'),
    allowedOrigins: z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim().toLowerCase()).filter((origin) => origin !== ''))
      .refine((origins) => origins.every(isOriginPattern), 'must be origins such as https://meet.example.com,app://sealroom (scheme://host[:port], no path), or *')
      .optional(),
    externalIp: z.string().refine((value) => isIP(value) === 4, 'must be an IPv4 address such as 203.0.113.10').optional(),
    udpPorts: z
      .string()
      .regex(/^\d{1,5}-\d{1,5}$/, 'must be a range such as 50000-50199')
      .transform((value) => {
        const [min, max] = value.split('-').map(Number) as [number, number];
        return { min, max };
      })
      .refine((range) => range.min >= 1024 && range.max <= 65534 && range.min < range.max, 'must be a range within 1024-65534, low end first, of at least 2 ports')
      .optional(),
    tokenRate: rate.optional(),
    joinRate: rate.optional(),
    joinBurst: integer(1, 100_000).optional(),
    roomReaper: z.enum(['on', 'off'], 'must be on or off').optional(),
    maxRooms: integer(1, 100_000).optional(),
    maxParticipants: integer(1, 1_000_000).optional(),
  })
  .refine((raw) => (raw.tlsCert === undefined) === (raw.tlsKey === undefined), { message: 'give both --tls-cert and --tls-key, or neither', path: ['tlsCert'] })
  .refine((raw) => raw.joinBurst === undefined || raw.joinRate !== null, { message: 'has no effect with --join-rate off', path: ['joinBurst'] });

const EnvSchema = z
  .object({
    SEALROOM_CREATE_SECRET: z.string().min(16, 'must be at least 16 characters (use a random one, such as `openssl rand -base64 32`)').optional(),
    SEALROOM_CREATE_JWKS_URL: z
      .url('must be the URL of the identity provider\'s JWKS (its jwks_uri)')
      .refine((value) => new URL(value).protocol === 'https:' || loopbackHttp(new URL(value)), 'must be https:// (http:// only on this machine)')
      .optional(),
    SEALROOM_CREATE_ISSUER: z.string().min(1).optional(),
    SEALROOM_CREATE_AUDIENCE: z.string().min(1).optional(),
    SEALROOM_TURN_URLS: z
      .string()
      .transform((value) => value.split(',').map((url) => url.trim()).filter((url) => url !== ''))
      .refine((urls) => urls.length > 0 && urls.every(isTurnUrl), 'must be turn:, turns: or stun: URLs, comma-separated, such as turns:turn.example.com:5349')
      .optional(),
    SEALROOM_TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .refine(
    (env) => [env.SEALROOM_CREATE_JWKS_URL, env.SEALROOM_CREATE_ISSUER, env.SEALROOM_CREATE_AUDIENCE].every((value) => value === undefined) ||
      [env.SEALROOM_CREATE_JWKS_URL, env.SEALROOM_CREATE_ISSUER, env.SEALROOM_CREATE_AUDIENCE].every((value) => value !== undefined),
    { message: 'set all three of SEALROOM_CREATE_JWKS_URL, SEALROOM_CREATE_ISSUER and SEALROOM_CREATE_AUDIENCE, or none', path: ['SEALROOM_CREATE_JWKS_URL'] },
  )
  .refine((env) => env.SEALROOM_TURN_SECRET === undefined || env.SEALROOM_TURN_URLS !== undefined, {
    message: 'SEALROOM_TURN_SECRET needs SEALROOM_TURN_URLS',
    path: ['SEALROOM_TURN_SECRET'],
  });

/** Only what was set: the rest keeps DEFAULT_ABUSE_LIMITS. */
function joinLimit(perMinute: number | null | undefined, burst: number | undefined): Partial<AbuseLimits> {
  if (perMinute === null) return { joins: null };
  if (perMinute === undefined && burst === undefined) return {};
  return { joins: { perMinute: perMinute ?? DEFAULT_JOIN_LIMIT.perMinute, burst: burst ?? DEFAULT_JOIN_LIMIT.burst } };
}

/** `--name value`, `--name=value`, or an optional-value flag alone; unknown flags are errors. */
function readArgv(argv: readonly string[]): { ok: true; values: Map<string, string>; help: boolean } | { ok: false; message: string } {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const setting = match ? SETTINGS.find((each) => each.flag === match[1]) : undefined;
    if (!match || !setting) return { ok: false, message: `unknown option ${JSON.stringify(arg.slice(0, 40))}` };
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      } else if (setting.arg === 'optional') value = setting.alone ?? '';
      else return { ok: false, message: `--${setting.flag} needs a value` };
    }
    if (value === '' && setting.arg === 'optional') value = setting.alone ?? '';
    values.set(setting.key, value);
  }
  return { ok: true, values, help };
}

function describeIssue(issue: z.core.$ZodIssue, names: (key: string) => string): string {
  const key = String(issue.path[0] ?? '');
  return `${names(key)} ${issue.message}`;
}

export function readServerConfig(argv: readonly string[], env: Record<string, string | undefined>): ConfigResult {
  const args = readArgv(argv);
  if (!args.ok) return args;
  const raw: Record<string, string> = {};
  const from = new Map<string, string>();
  for (const setting of SETTINGS) {
    const value = args.values.get(setting.key) ?? (env[setting.env]?.trim() || undefined);
    if (value === undefined) continue;
    raw[setting.key] = value;
    from.set(setting.key, args.values.has(setting.key) ? `--${setting.flag}` : setting.env);
  }
  const parsed = RawSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => describeIssue(issue, (key) => from.get(key) ?? key)).join('\n') };
  const envParsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value?.trim() || undefined])));
  if (!envParsed.success) return { ok: false, message: envParsed.error.issues.map((issue) => describeIssue(issue, (key) => key)).join('\n') };
  const credentials = credentialsFromEnv(env);
  if (!credentials.ok) return { ok: false, message: credentials.message };

  const settings = parsed.data;
  const extra = envParsed.data;
  if (settings.udpPorts && settings.externalIp === undefined && !/^(127\.|localhost$|::1$)/.test(settings.host)) {
    return { ok: false, message: '--udp-ports needs --external-ip when the server listens beyond loopback: each peer connection offers one address on one port' };
  }
  if (settings.roomReaper !== undefined && credentials.value.livekitUrl === null) {
    return { ok: false, message: `${from.get('roomReaper') ?? 'roomReaper'} applies only in front of a real LiveKit (LIVEKIT_URL): the embedded server ends its own calls at 24 h` };
  }
  const jwt =
    extra.SEALROOM_CREATE_JWKS_URL !== undefined && extra.SEALROOM_CREATE_ISSUER !== undefined && extra.SEALROOM_CREATE_AUDIENCE !== undefined
      ? { jwksUrl: extra.SEALROOM_CREATE_JWKS_URL, issuer: extra.SEALROOM_CREATE_ISSUER, audience: extra.SEALROOM_CREATE_AUDIENCE }
      : null;
  const secret = extra.SEALROOM_CREATE_SECRET ?? null;
  return {
    ok: true,
    help: args.help,
    config: {
      port: settings.port,
      host: settings.host,
      tls: settings.tlsCert !== undefined && settings.tlsKey !== undefined ? { certFile: settings.tlsCert, keyFile: settings.tlsKey } : null,
      credentials: credentials.value,
      trustProxy: settings.trustProxy,
      allowedOrigins: settings.allowedOrigins ?? null,
      externalIp: settings.externalIp ?? null,
      udpPorts: settings.udpPorts ?? null,
      abuseLimits: {
        // A token burst of a minute's worth lets a client that waited a minute catch up at once.
        ...(settings.tokenRate !== undefined ? { tokenRequests: settings.tokenRate === null ? null : { perMinute: settings.tokenRate, burst: settings.tokenRate } } : {}),
        ...joinLimit(settings.joinRate, settings.joinBurst),
        ...(settings.maxRooms !== undefined ? { maxRooms: settings.maxRooms } : {}),
        ...(settings.maxParticipants !== undefined ? { maxParticipants: settings.maxParticipants } : {}),
      },
      roomReaper: settings.roomReaper !== 'off',
      roomAdmission: secret !== null || jwt !== null ? { secret, jwt } : null,
      turn: extra.SEALROOM_TURN_URLS ? { urls: extra.SEALROOM_TURN_URLS, secret: extra.SEALROOM_TURN_SECRET ?? null, ttlS: TURN_CREDENTIAL_TTL_S } : null,
    },
  };
}
