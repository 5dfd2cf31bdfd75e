import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_ORIGIN } from '../../shared/app-origin';
import { sendJson } from '../http-util';

/** Browsers may call the API from these origins unless the operator names others: the desktop app's renderer. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [APP_ORIGIN];

/** `scheme://host[:port]`, lower case, nothing after it; `*` means any origin. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.\-[\]:]+$/;

export function isOriginPattern(value: string): boolean {
  return value === '*' || ORIGIN.test(value);
}

/**
 * Who may call the token endpoint, validation and the room service from a browser page. A request without an
 * `Origin` header (the native SDKs, bots, curl) is not a browser's cross-origin request and passes; the server's own
 * origin always passes (the web build it serves). Any other origin must be listed; a refused one gets no CORS
 * headers and a 403 saying what to configure, so a page elsewhere cannot use a visitor's browser to mint tokens.
 */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    for (const origin of origins) {
      if (!isOriginPattern(origin)) throw new Error(`not an origin: ${JSON.stringify(origin)} (use scheme://host[:port] or *)`);
    }
    this.any = origins.includes('*');
    this.allowed = new Set(origins);
  }

  allows(origin: string, ownOrigin: string | null): boolean {
    return this.any || origin === ownOrigin || this.allowed.has(origin);
  }

  /**
   * Sets CORS headers for an allowed origin, and answers a preflight or a refused origin itself. Returns true when
   * the request was answered here.
   */
  handle(req: IncomingMessage, res: ServerResponse, ownOrigin: string | null): boolean {
    res.setHeader('Vary', 'Origin');
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin.toLowerCase() : null;
    if (origin !== null && !this.allows(origin, ownOrigin)) {
      sendJson(res, 403, {
        error: {
          code: 'origin_not_allowed',
          message: `this server does not accept requests from pages at ${origin.slice(0, 200)}; its operator can allow them with SEALROOM_ALLOWED_ORIGINS`,
        },
      });
      return true;
    }
    if (origin !== null) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return true;
    }
    return false;
  }
}
