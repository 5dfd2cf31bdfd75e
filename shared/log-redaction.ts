import { redactFragment } from './room-link';

/**
 * What no log line and no diagnostics bundle may carry, whoever wrote it and however: a link's fragment (the call
 * key), a token (JWTs such as LiveKit's access tokens, bearer credentials, `token=` values), and anything that looks
 * like a key (a long base64, base64url or hex run). Applied to every line as it is written and again on export.
 * Room names (22 characters) and ordinary words, paths and URLs without a fragment stay readable.
 */
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const SECRET_FIELD = /\b([a-z_]*(?:token|secret|password|passwd|apikey|api_key|key))(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;
/** 32+ characters of base64url (or hex) with no separator: a key, a secret or a raw token. */
const BASE64URL_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g;
/** Standard base64: 32+ characters with a '+' or '/' inside (a path starts with '/', or has dots or no digits). */
const BASE64_RUN = /(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[+/])[A-Za-z0-9][A-Za-z0-9+/]{31,}={0,2}(?![A-Za-z0-9+/=])/g;

export const REDACTED = '<redacted>';

export function redactSecrets(text: string): string {
  return redactFragment(text)
    .replace(JWT, '<redacted-token>')
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_FIELD, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    // Without a digit it is words and slashes (a path), not a key.
    .replace(BASE64_RUN, (run) => (/\d/.test(run) ? REDACTED : run))
    .replace(BASE64URL_RUN, REDACTED);
}

export type LogLevel = 'info' | 'warn' | 'error';

/** `2026-05-01T10:00:00.000Z WARN  [main] …`: one line of a log file, redacted. */
export function formatLogLine(level: LogLevel, scope: string, message: string, now: Date = new Date()): string {
  return `${now.toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${redactSecrets(message).replace(/[\r\n]+/g, ' ')}`;
}
