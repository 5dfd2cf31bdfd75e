import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * Which proxy headers to believe. Only the operator can say: a proxy that sets `X-Forwarded-*` usually passes a
 * client's own `Forwarded` header through untouched (Caddy and nginx both do), so trusting both would let any client
 * claim any address or scheme. `off` (the default) believes neither.
 */
export type TrustProxy = 'off' | 'x-forwarded' | 'forwarded';

/** What a request says about where it came from, after the trusted proxy (if any) has had its say. */
export interface RequestOrigin {
  /** Reached over TLS: this server's own, or the trusted proxy's. */
  secure: boolean;
  /** The host (and port) the client addressed, or null when it sent none that is well-formed. */
  host: string | null;
  /** The client's IP address (IPv4, or IPv6 without brackets or zone). */
  clientIp: string;
}

const HOST = /^[A-Za-z0-9.\-[\]:]{1,255}$/;

/** The last value of a comma-separated header: the one the nearest proxy, the trusted one, wrote. */
function lastListValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  const last = text?.split(',').at(-1)?.trim();
  return last === '' ? undefined : last;
}

/** The last element of an RFC 7239 `Forwarded` header, as lower-cased parameter names to unquoted values. */
function lastForwardedElement(header: string | string[] | undefined): Map<string, string> {
  const element = lastListValue(header) ?? '';
  const params = new Map<string, string>();
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = pair.slice(eq + 1).trim();
    params.set(pair.slice(0, eq).trim().toLowerCase(), value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
  }
  return params;
}

/** An address as a proxy may write it (`[2001:db8::1]:443`, `192.0.2.1:80`, `::ffff:192.0.2.1`), or null. */
export function normalizeIp(value: string | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.split('%')[0] ?? '';
  if (address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) === 0 ? null : address.toLowerCase();
}

function wellFormedHost(value: string | undefined): string | null {
  return value !== undefined && HOST.test(value) ? value : null;
}

export function readRequestOrigin(req: IncomingMessage, trust: TrustProxy): RequestOrigin {
  const peer = normalizeIp(req.socket.remoteAddress) ?? '0.0.0.0';
  const ownTls = (req.socket as Partial<TLSSocket>).encrypted === true;
  const ownHost = wellFormedHost(req.headers.host);
  if (trust === 'x-forwarded') {
    const proto = lastListValue(req.headers['x-forwarded-proto'])?.toLowerCase();
    return {
      secure: proto === undefined ? ownTls : proto === 'https' || proto === 'wss',
      host: wellFormedHost(lastListValue(req.headers['x-forwarded-host'])) ?? ownHost,
      clientIp: normalizeIp(lastListValue(req.headers['x-forwarded-for'])) ?? peer,
    };
  }
  if (trust === 'forwarded') {
    const forwarded = lastForwardedElement(req.headers.forwarded);
    const proto = forwarded.get('proto')?.toLowerCase();
    return {
      secure: proto === undefined ? ownTls : proto === 'https' || proto === 'wss',
      host: wellFormedHost(forwarded.get('host')) ?? ownHost,
      clientIp: normalizeIp(forwarded.get('for')) ?? peer,
    };
  }
  return { secure: ownTls, host: ownHost, clientIp: peer };
}

/** The origin the client reached this server at (`https://meet.example.com`), or null without a usable Host. */
export function httpOriginOf(origin: RequestOrigin): string | null {
  return origin.host === null ? null : `${origin.secure ? 'https' : 'http'}://${origin.host}`;
}

/** The signalling URL for a client that reached this server as `origin`: `wss://` whenever it came over TLS. */
export function wsOriginOf(origin: RequestOrigin): string | null {
  return origin.host === null ? null : `${origin.secure ? 'wss' : 'ws'}://${origin.host}`;
}
