import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Credentials } from './credentials';
import { DEV_API_KEY, DEV_API_SECRET } from './credentials';
import { sendJson, sendText, setCors } from './http-util';
import { describe } from './describe';
import { consoleLogger, type LogFields, type Logger } from './log';
import { startLoopbackStun } from './sfu/loopback-stun';
import type { HostileHandle, HostileHooks } from './sfu/hostile-hooks';
import { Room } from './sfu/room';
import { RtcServer, DEFAULT_LIMITS, type RtcLimits } from './sfu/rtc-server';
import { serveStatic } from './static-files';
import { handleTokenRequest } from './token-service';

export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default 7880 (LiveKit's). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1: anything else exposes calls to the network. */
  host?: string;
  /** Folder with the renderer's web build. Default `dist/renderer` in the repository. */
  staticDir?: string;
  /** API key/secret used to verify join tokens and sign the token service's tokens. Default devkey/secret. */
  apiKey?: string;
  apiSecret?: string;
  /** When set, the token service hands out this LiveKit URL instead of this server's own. */
  livekitUrl?: string | null;
  /** Calls end after this long (default 24 h). */
  maxCallDurationMs?: number;
  /** Participants per room (default 100). */
  maxParticipants?: number;
  /** How long a participant whose signalling dropped waits for its client to resume (default 20 s). */
  resumeGraceMs?: number;
  /** Open TCP connections at most, WebSockets included (default 512); the next one gets a 503. */
  maxConnections?: number;
  /** A request's headers must arrive within this (default 5 s), the whole request within `requestTimeoutMs` (default 10 s). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Signalling joins per client address: `burst` at once, refilled at `perSecond` (default 120, 20/s). */
  joinsPerAddress?: { burst: number; perSecond: number };
  logger?: Logger;
  /**
   * Tests only: the hostile-server bench's hooks (server/sfu/hostile-hooks.ts). Nothing but this option installs them:
   * no CLI flag, environment variable or request.
   */
  hostile?: HostileHooks;
}

export interface RunningServer {
  /** `http://host:port` of this server; the signalling URL is the same with `ws://`. */
  url: string;
  wsUrl: string;
  port: number;
  /** Present only when started with `hostile` hooks: what the bench can reach inside the server. */
  hostile: HostileHandle | null;
  close(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_STATIC_DIR = path.join(repoRoot, 'dist', 'renderer');
export const DEFAULT_PORT = 7880;
const DEFAULT_MAX_CONNECTIONS = 512;
/** Slow clients (slowloris) hold a socket for at most this long before their request is complete. */
const DEFAULT_HEADERS_TIMEOUT_MS = 5000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? consoleLogger;
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const credentials: Credentials = {
    apiKey: options.apiKey ?? DEV_API_KEY,
    apiSecret: options.apiSecret ?? DEV_API_SECRET,
    livekitUrl: options.livekitUrl ?? null,
  };
  const limits: RtcLimits = {
    ...DEFAULT_LIMITS,
    ...(options.maxCallDurationMs !== undefined ? { maxCallDurationMs: options.maxCallDurationMs } : {}),
    ...(options.maxParticipants !== undefined ? { maxParticipants: options.maxParticipants } : {}),
    ...(options.resumeGraceMs !== undefined ? { resumeGraceMs: options.resumeGraceMs } : {}),
    ...(options.joinsPerAddress ? { joinBurstPerAddress: options.joinsPerAddress.burst, joinsPerSecondPerAddress: options.joinsPerAddress.perSecond } : {}),
  };
  const rtc = new RtcServer({
    apiKey: credentials.apiKey,
    apiSecret: credentials.apiSecret,
    limits,
    log,
    loopbackOnly: isLoopback(host),
    stun: await startLoopbackStun(),
    hostile: options.hostile ?? null,
  });
  let selfWsUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/api/token' || pathname.startsWith('/rtc') || pathname.startsWith('/twirp/')) {
      setCors(res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204);
        res.end();
        return;
      }
    }
    if (pathname === '/api/token') return handleTokenRequest(req, res, credentials, selfWsUrl, log);
    if (pathname === '/rtc/validate' || pathname === '/rtc/v1/validate') return rtc.handleValidate(req, res, pathname);
    if (pathname.startsWith('/twirp/')) return rtc.handleTwirp(req, res, pathname);
    if (pathname === '/healthz') return sendText(res, 200, 'ok');
    if (pathname.startsWith('/rtc')) return sendText(res, 426, 'upgrade to a WebSocket to signal');
    return serveStatic(req, res, staticDir, pathname);
  };

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const server = createServer(
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default: far too coarse for seconds)
    { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)) },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log('error', 'request failed', { path: safePath(req), error: describe(error) });
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal server error' } });
        else res.destroy();
      });
    },
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    rtc.handleUpgrade(req, socket, head);
  });
  const timedOut = summarised(log, 'requests timed out: connections closed', { headersTimeoutMs: headersTimeout, requestTimeoutMs: requestTimeout });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      timedOut();
      refuseRaw(socket, 408, `request not complete within ${headersTimeout / 1000} s (headers) or ${requestTimeout / 1000} s (whole request)`);
    } else if (error.code === 'HPE_HEADER_OVERFLOW') refuseRaw(socket, 431, 'request headers too large');
    else refuseRaw(socket, 400, 'malformed request');
  });
  // Runs before the HTTP server's own listener: a connection over the cap is answered and closed before it is parsed.
  let connections = 0;
  const overCap = summarised(log, 'connections refused: server at its connection cap', { maxConnections });
  server.prependListener('connection', (socket: Socket) => {
    if (connections >= maxConnections) {
      overCap();
      socket.on('error', () => socket.destroy());
      refuseRaw(socket, 503, `the server has its maximum of ${maxConnections} connections open: try again shortly`);
      return;
    }
    connections++;
    socket.once('close', () => connections--);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  selfWsUrl = `ws://${urlHost}:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await rtc.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
  const hostile: HostileHandle | null = options.hostile
    ? {
        room: (name) => rtc.rooms.get(name),
        participant: (room, identity) => rtc.rooms.get(room)?.participants.get(identity),
        injectData: (room, from, to, payload, topic) => rtc.rooms.get(room)?.deliver({ from, to, packet: Room.userPacket(payload, topic), reliable: true }),
      }
    : null;
  return { url, wsUrl: selfWsUrl, port, hostile, close };
}

/** Answers on a raw socket (before or outside the HTTP machinery) and closes it. */
function refuseRaw(socket: Duplex, status: 400 | 408 | 431 | 503, message: string): void {
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 503: 'Service Unavailable' }[status];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n` +
      `${status === 503 ? 'Retry-After: 5\r\n' : ''}Connection: close\r\n\r\n${message}`,
  );
  // a peer that never reads must not keep the socket
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * A warning that can come in floods (60 slowloris sockets time out together): logged at once, then at most every 10 s
 * with how many happened since.
 */
function summarised(log: Logger, message: string, fields: LogFields): () => void {
  let lastAt = 0;
  let since = 0;
  return () => {
    since++;
    const now = Date.now();
    if (now - lastAt < 10_000) return;
    log('warn', message, { ...fields, count: since });
    lastAt = now;
    since = 0;
  };
}

/** Path without the query: queries carry access tokens and must not reach the log. */
function safePath(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
