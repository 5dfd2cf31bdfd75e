import { decodeBase64Url, encodeBase64Url } from './base64url';

/**
 * Room links: `https://<host>[:port]/r/<room>#<key>` or `sealroom://<host>[:port]/r/<room>#<key>`
 * (`http://` for loopback hosts only). The key lives in the fragment so it never reaches a server.
 */

export const ROOM_BYTES = 16;
export const SECRET_BYTES = 32;
export const ROOM_NAME_LENGTH = 22;
export const KEY_VERSION = 'v1';
export const E2EE_OFF_KEY = `${KEY_VERSION}.off`;
export const MAX_LINK_LENGTH = 512;

export type RoomLinkScheme = 'https' | 'http' | 'sealroom';

export interface RoomLink {
  scheme: RoomLinkScheme;
  /** Host with port when one was given, lower-case: `meet.example.com`, `127.0.0.1:7880`. */
  host: string;
  hostname: string;
  port: number | null;
  /** Origin of the server that hosts the room and its token endpoint. */
  origin: string;
  room: string;
  e2ee: boolean;
  /** base64url room secret (256 bits); null when the call was created without E2EE. Never log it. */
  secret: string | null;
}

export type RoomLinkErrorCode =
  | 'empty'
  | 'too-long'
  | 'not-a-string'
  | 'control-characters'
  | 'non-ascii'
  | 'looks-like-switch'
  | 'not-a-link'
  | 'unsupported-scheme'
  | 'insecure-http'
  | 'credentials'
  | 'bad-host'
  | 'bad-port'
  | 'bad-path'
  | 'bad-room'
  | 'query-not-allowed'
  | 'missing-key'
  | 'unsupported-key-version'
  | 'bad-key';

export interface RoomLinkError {
  code: RoomLinkErrorCode;
  message: string;
}

export type RoomLinkResult = { ok: true; value: RoomLink } | { ok: false; error: RoomLinkError };

const fail = (code: RoomLinkErrorCode, message: string): RoomLinkResult => ({ ok: false, error: { code, message } });

const ROOM_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const LINK_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/s;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BRACKETED = /^\[[0-9a-f:.]{2,45}\]$/;

/** A room name is 128 random bits as canonical base64url (22 characters). */
export function isRoomName(value: unknown): value is string {
  if (typeof value !== 'string' || !ROOM_PATTERN.test(value)) return false;
  return decodeBase64Url(value)?.length === ROOM_BYTES;
}

function isSecret(value: string): boolean {
  return SECRET_PATTERN.test(value) && decodeBase64Url(value)?.length === SECRET_BYTES;
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * What a browser makes of a host whose last label is a number (WHATWG URL "ends in a number"): an IPv4 address in
 * decimal, hex (`0x7f000001`), octal (`0177.0.0.1`) or shortened (`127.1`) form, as the dotted address it connects
 * to, or 'invalid' when no address can be read (the browser refuses such a URL). null: not a numeric host.
 */
function numericIpv4(hostname: string): string | 'invalid' | null {
  const labels = hostname.split('.');
  if (labels.length > 1 && labels.at(-1) === '') labels.pop();
  const last = labels.at(-1) ?? '';
  if (!/^(\d+|0x[0-9a-f]*)$/.test(last)) return null;
  if (labels.length > 4) return 'invalid';
  const parts: number[] = [];
  for (const label of labels) {
    let value: number;
    if (/^0x[0-9a-f]*$/.test(label)) value = label.length === 2 ? 0 : parseInt(label.slice(2), 16);
    else if (/^0[0-7]+$/.test(label)) value = parseInt(label.slice(1), 8);
    else if (/^\d+$/.test(label)) value = Number(label);
    else return 'invalid';
    if (!Number.isSafeInteger(value)) return 'invalid';
    parts.push(value);
  }
  const leading = parts.slice(0, -1);
  const rest = parts.at(-1) ?? 0;
  if (leading.some((part) => part > 255) || rest >= 256 ** (5 - parts.length)) return 'invalid';
  const address = leading.reduce((sum, part, i) => sum + part * 256 ** (3 - i), 0) + rest;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

function isValidHostname(hostname: string): boolean {
  if (hostname.length === 0 || hostname.length > 253) return false;
  if (IPV6_BRACKETED.test(hostname)) return true;
  if (IPV4.test(hostname)) return true;
  // A dotted all-numeric host that is not a valid IPv4 address (e.g. 999.1.1.1) is refused rather than resolved.
  if (/^[\d.]+$/.test(hostname)) return false;
  return hostname.split('.').every((label) => DNS_LABEL.test(label));
}

type Authority = { ok: true; hostname: string; port: number | null } | { ok: false; error: RoomLinkError };

/** `host[:port]` of a link or a server origin, with the same rules for both. */
function parseAuthority(authority: string, what: 'link' | 'address'): Authority {
  const hostMatch = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority.toLowerCase());
  const hostname = hostMatch?.[1] ?? '';
  const portText = hostMatch?.[2];
  const numeric = IPV4.test(hostname) ? null : numericIpv4(hostname);
  if (typeof numeric === 'string' && numeric !== 'invalid') {
    // shown as the address the browser would connect to, so a look-alike such as 0x7f000001 cannot pass for a name
    const message = `The ${what} writes the server address ${numeric} in a disguised form (${hostname}). Use the usual form, ${numeric}.`;
    return { ok: false, error: { code: 'bad-host', message } };
  }
  // 'invalid': a name ending in a number that is no address (browsers refuse those outright)
  if (numeric === 'invalid' || !isValidHostname(hostname)) {
    return { ok: false, error: { code: 'bad-host', message: `The ${what} does not name a valid server host.` } };
  }
  if (portText === undefined) return { ok: true, hostname, port: null };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return { ok: false, error: { code: 'bad-port', message: `The port number in the ${what} is not valid (1–65535).` } };
  }
  return { ok: true, hostname, port: Number(portText) };
}

/** Parses untrusted input (pasted text, argv, OS URL events). Never throws. */
export function parseRoomLink(input: unknown): RoomLinkResult {
  if (typeof input !== 'string') return fail('not-a-string', 'A room link must be text.');
  const text = input.trim();
  if (text.length === 0) return fail('empty', 'Paste a room link to join.');
  if (text.length > MAX_LINK_LENGTH) return fail('too-long', `That is too long to be a room link (over ${MAX_LINK_LENGTH} characters).`);
  // eslint-style control ranges: C0, DEL and C1 controls, plus any whitespace inside the link.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text)) {
    return fail('control-characters', 'The link contains spaces, line breaks or control characters. Copy it again in one piece.');
  }
  if (/[^\u0021-\u007e]/.test(text)) {
    return fail('non-ascii', 'The link contains non-ASCII characters (look-alike letters are a common trick). Ask for the original link.');
  }
  if (text.startsWith('-')) return fail('looks-like-switch', 'That is a command-line switch, not a room link.');

  const match = LINK_PATTERN.exec(text);
  if (!match) return fail('not-a-link', 'That is not a link. Room links look like https://host/r/room#key.');
  const scheme = match[1]!.toLowerCase();
  const slashes = match[2];
  const authority = match[3]!;
  const path = match[4]!;
  const query = match[5];
  const fragment = match[6];

  if (scheme !== 'https' && scheme !== 'http' && scheme !== 'sealroom') {
    return fail('unsupported-scheme', `Links starting with "${scheme}:" are not room links. Use an https:// or sealroom:// link.`);
  }
  if (!slashes) return fail('not-a-link', `A room link starts with ${scheme}:// followed by a host.`);
  if (authority.includes('@')) return fail('credentials', 'Room links never contain a user name or password. This link is not safe to open.');

  const parsedAuthority = parseAuthority(authority, 'link');
  if (!parsedAuthority.ok) return parsedAuthority;
  const { hostname, port } = parsedAuthority;
  if (scheme === 'http' && !isLoopbackHost(hostname)) {
    return fail('insecure-http', 'Plain http:// is only allowed for a server on this computer. Use the https:// link.');
  }

  const pathMatch = /^\/r\/([^/]*)\/?$/.exec(path);
  if (!pathMatch) return fail('bad-path', 'A room link has the path /r/<room>. This link points somewhere else.');
  const room = pathMatch[1]!;
  if (!ROOM_PATTERN.test(room)) {
    return fail('bad-room', `The room name must be ${ROOM_NAME_LENGTH} letters, digits, "-" or "_". The link may be cut off.`);
  }
  const last = room.slice(-1);
  if (!isRoomName(room)) {
    // 22 characters carry 132 bits: the last one holds 4 spare bits, which must be zero in a name Sealroom made.
    return fail(
      'bad-room',
      `The room name cannot end in "${last}": Sealroom's room names end in A, Q, g or w, so this link was changed or mistyped. Ask for the link again.`,
    );
  }
  if (query !== undefined) return fail('query-not-allowed', 'Room links have no "?" part. Remove everything between the room name and "#".');
  if (fragment === undefined || fragment.length <= 1) {
    return fail('missing-key', 'The link is missing its key (the part after "#"). Copy the whole link.');
  }

  const key = fragment.slice(1);
  const dot = key.indexOf('.');
  const version = dot === -1 ? key : key.slice(0, dot);
  if (version !== KEY_VERSION) {
    return fail('unsupported-key-version', 'This link was made by a newer or unknown version of Sealroom. Update the app and try again.');
  }
  const keyBody = key.slice(dot + 1);
  let secret: string | null;
  if (dot !== -1 && keyBody === 'off') {
    secret = null;
  } else if (dot !== -1 && isSecret(keyBody)) {
    secret = keyBody;
  } else {
    return fail('bad-key', 'The key after "#" is incomplete or damaged. Copy the whole link again.');
  }

  const host = port === null ? hostname : `${hostname}:${port}`;
  const serverScheme = scheme === 'sealroom' ? (isLoopbackHost(hostname) ? 'http' : 'https') : scheme;
  return {
    ok: true,
    value: { scheme, host, hostname, port, origin: `${serverScheme}://${host}`, room, e2ee: secret !== null, secret },
  };
}

export type RandomBytes = (length: number) => Uint8Array;

/** Makes a new room on this device; `random` must be a CSPRNG (crypto.getRandomValues). */
export function createRoomLink(options: { origin: string; e2ee: boolean; random: RandomBytes }): RoomLinkResult {
  const room = encodeBase64Url(options.random(ROOM_BYTES));
  const key = options.e2ee ? `${KEY_VERSION}.${encodeBase64Url(options.random(SECRET_BYTES))}` : E2EE_OFF_KEY;
  return parseRoomLink(`${options.origin}/r/${room}#${key}`);
}

export function formatRoomLink(link: RoomLink, as: 'web' | 'sealroom' = 'web'): string {
  const key = link.secret === null ? E2EE_OFF_KEY : `${KEY_VERSION}.${link.secret}`;
  const base = as === 'web' ? link.origin : `sealroom://${link.host}`;
  return `${base}/r/${link.room}#${key}`;
}

/** The part of a link that is safe to show in logs: never the fragment. */
export function describeRoomLinkForLog(link: RoomLink): string {
  return `${link.origin}/r/${link.room} (e2ee ${link.e2ee ? 'on' : 'off'})`;
}

/** Strips anything after '#' from arbitrary text before it is logged. */
export function redactFragment(text: string): string {
  return text.replace(/#[^\s"')]*/g, '#<redacted>');
}

export interface ServerOrigin {
  /** `https://meet.example.com`, `http://127.0.0.1:7880`: lower case, no trailing slash. */
  origin: string;
  scheme: 'https' | 'http';
  /** Host with port when one was given, as in `RoomLink.host`. */
  host: string;
  hostname: string;
  port: number | null;
}

export type ServerOriginResult = { ok: true; value: ServerOrigin } | { ok: false; error: RoomLinkError };

const ORIGIN_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(\/?)(.*)$/s;
const failOrigin = (code: RoomLinkErrorCode, message: string): ServerOriginResult => ({ ok: false, error: { code, message } });

/**
 * Parses a meeting server's address (a setting, a policy value, SEALROOM_SERVER): the origin whose `/api/token`
 * new calls use. The host rules are the links' own: https, or http only for a server on this computer.
 */
export function parseServerOrigin(input: unknown): ServerOriginResult {
  if (typeof input !== 'string') return failOrigin('not-a-string', 'A server address must be text.');
  const text = input.trim();
  if (text.length === 0) return failOrigin('empty', 'Enter the address of your meeting server, such as https://meet.example.com.');
  if (text.length > 256) return failOrigin('too-long', 'That is too long to be a server address (over 256 characters).');
  if (/[^\u0021-\u007e]/.test(text)) {
    return failOrigin('non-ascii', 'The address contains spaces or characters that cannot be in a server address.');
  }
  const match = ORIGIN_PATTERN.exec(text);
  if (!match) return failOrigin('not-a-link', 'A server address starts with https:// followed by a host, such as https://meet.example.com.');
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  if (scheme !== 'https' && scheme !== 'http') {
    return failOrigin('unsupported-scheme', `A server address starts with https://, not "${scheme}:".`);
  }
  if (authority.includes('@')) return failOrigin('credentials', 'A server address never contains a user name or password.');
  if (match[4]!.length > 0) {
    return failOrigin('bad-path', 'Enter only the server, without a path or anything after it: https://meet.example.com.');
  }
  const parsed = parseAuthority(authority, 'address');
  if (!parsed.ok) return parsed;
  if (scheme === 'http' && !isLoopbackHost(parsed.hostname)) {
    return failOrigin('insecure-http', 'Plain http:// is only allowed for a server on this computer. Use https://.');
  }
  const host = parsed.port === null ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  return { ok: true, value: { origin: `${scheme}://${host}`, scheme: scheme as ServerOrigin['scheme'], host, hostname: parsed.hostname, port: parsed.port } };
}
