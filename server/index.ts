import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoomAdmissionConfig } from './admission/room-admission';
import { DEFAULT_PORT } from './config/server-config';
import type { Credentials } from './credentials';
import { DEV_API_KEY, DEV_API_SECRET } from './credentials';
import { openFrontDoor } from './front-door';
import { DEFAULT_ALLOWED_ORIGINS } from './http/cors';
import type { TrustProxy } from './http/forwarded-request';
import { refuseSocket, sendJson, sendText } from './http-util';
import { describe } from './describe';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './limits/abuse-limits';
import { consoleLogger, type LogFields, type Logger } from './log';
import { turnIceServers, type TurnSettings } from './network/turn-servers';
import { UdpPortPool, type PortRange } from './network/udp-port-pool';
import { packageRoot } from './package-root';
import { startLoopbackStun } from './sfu/loopback-stun';
import type { HostileHandle, HostileHooks } from './sfu/hostile-hooks';
import { Room } from './sfu/room';
import { RtcServer, DEFAULT_LIMITS, type RtcLimits } from './sfu/rtc-server';
import { serveStatic } from './static-files';

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
  /** Where that LiveKit's RoomService is reached, when not at `livekitUrl` (credentials.ts). */
  livekitApiUrl?: string | null;
  /** Serve https and wss on the same port with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /** Which proxy headers to believe for the client's scheme, host and address (http/forwarded-request.ts). Default off. */
  trustProxy?: TrustProxy;
  /** Origins whose pages may call the API, besides this server's own. Default: the desktop app's (`app://sealroom`). */
  allowedOrigins?: readonly string[];
  /** Rate limits and server-wide caps (limits/abuse-limits.ts); fields left out keep their defaults. */
  abuseLimits?: Partial<AbuseLimits>;
  /**
   * With `livekitUrl`: the token service deletes that LiveKit's rooms once they are older than `maxCallDurationMs`,
   * through its RoomService (livekit/room-reaper.ts). Default true; the embedded server ends its own calls.
   */
  roomReaper?: boolean;
  /** Credentials that may start a room (admission/room-admission.ts); null: anyone may. */
  roomAdmission?: RoomAdmissionConfig | null;
  /** The one address media is offered on beyond loopback (sfu/peer-config.ts). */
  externalIp?: string | null;
  /** UDP ports media may use, one per peer connection (network/udp-port-pool.ts). */
  udpPorts?: PortRange | null;
  /** An external TURN or STUN server every client is told about (network/turn-servers.ts). */
  turn?: TurnSettings | null;
  /** Tests only: the clock for rooms' creation times and the rate limits. */
  now?: () => number;
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
  logger?: Logger;
  /**
   * Tests only: the hostile-server bench's hooks (server/sfu/hostile-hooks.ts). Nothing but this option installs them:
   * no CLI flag, environment variable or request.
   */
  hostile?: HostileHooks;
}

export interface RunningServer {
  /** `http(s)://host:port` of this server; the signalling URL is the same with `ws(s)://`. */
  url: string;
  wsUrl: string;
  port: number;
  /** Present only when started with `hostile` hooks: what the bench can reach inside the server. */
  hostile: HostileHandle | null;
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = path.join(packageRoot(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'renderer');
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
    livekitApiUrl: options.livekitApiUrl ?? null,
  };
  const limits: RtcLimits = {
    ...DEFAULT_LIMITS,
    ...(options.maxCallDurationMs !== undefined ? { maxCallDurationMs: options.maxCallDurationMs } : {}),
    ...(options.maxParticipants !== undefined ? { maxParticipants: options.maxParticipants } : {}),
    ...(options.resumeGraceMs !== undefined ? { resumeGraceMs: options.resumeGraceMs } : {}),
  };
  const media = mediaNetwork(host, options);
  let selfWsUrl = '';
  const door = openFrontDoor(
    {
      credentials,
      maxParticipantsPerRoom: limits.maxParticipants,
      maxCallDurationMs: limits.maxCallDurationMs,
      trustProxy: options.trustProxy ?? 'off',
      allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
      abuseLimits: { ...DEFAULT_ABUSE_LIMITS, ...options.abuseLimits },
      roomAdmission: options.roomAdmission ?? null,
      roomReaper: options.roomReaper ?? true,
      joinResources: media.udpPorts ? [media.udpPorts] : [],
      now: options.now,
      log,
    },
    // Read per request, once `calls` below exists.
    () => calls.rooms,
    () => selfWsUrl,
  );
  const calls = new RtcServer({
    apiKey: credentials.apiKey,
    apiSecret: credentials.apiSecret,
    limits,
    log,
    loopbackOnly: media.loopbackOnly,
    stun: await startLoopbackStun(),
    media,
    gate: door.gate,
    now: options.now,
    hostile: options.hostile ?? null,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/api/token' || pathname.startsWith('/rtc') || pathname.startsWith('/twirp/')) {
      if (door.cors.handle(req, res, door.ownOrigin(req))) return;
    }
    if (pathname === '/api/token') return door.tokenEndpoint(req, res);
    if (pathname === '/rtc/validate' || pathname === '/rtc/v1/validate') return calls.handleValidate(req, res, pathname);
    if (pathname.startsWith('/twirp/')) return calls.handleTwirp(req, res, pathname);
    if (pathname === '/healthz') return sendText(res, 200, 'ok');
    if (pathname.startsWith('/rtc')) return sendText(res, 426, 'upgrade to a WebSocket to signal');
    return serveStatic(req, res, staticDir, pathname);
  };

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // Node checks these timeouts every connectionsCheckingInterval (30 s by default: far too coarse for seconds)
  const timeouts = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)) };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      log('error', 'request failed', { path: safePath(req), error: describe(error) });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal server error' } });
      else res.destroy();
    });
  };
  // With a certificate, https and wss share the port, as with LiveKit behind its own TLS.
  const server = options.tls ? createTlsServer({ ...timeouts, cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(timeouts, onRequest);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    calls.handleUpgrade(req, socket, head);
  });
  const timedOut = summarised(log, 'requests timed out: connections closed', { headersTimeoutMs: headersTimeout, requestTimeoutMs: requestTimeout });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      timedOut();
      refuseSocket(socket, 408, `request not complete within ${headersTimeout / 1000} s (headers) or ${requestTimeout / 1000} s (whole request)`);
    } else if (error.code === 'HPE_HEADER_OVERFLOW') refuseSocket(socket, 431, 'request headers too large');
    else refuseSocket(socket, 400, 'malformed request');
  });
  // Runs before the HTTP server's own listener: a connection over the cap is answered and closed before it is parsed.
  // Over TLS the answer has to wait for the handshake, or the client could not read it.
  const connectionEvent = options.tls ? 'secureConnection' : 'connection';
  let connections = 0;
  const overCap = summarised(log, 'connections refused: server at its connection cap', { maxConnections });
  server.prependListener(connectionEvent, (socket: Socket) => {
    if (connections >= maxConnections) {
      overCap();
      socket.on('error', () => socket.destroy());
      refuseSocket(socket, 503, `the server has its maximum of ${maxConnections} connections open: try again shortly`, { retryAfterS: 5 });
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
  const url = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  selfWsUrl = `${options.tls ? 'wss' : 'ws'}://${urlHost}:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      door.close();
      await calls.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
  const hostile: HostileHandle | null = options.hostile
    ? {
        room: (name) => calls.rooms.get(name),
        participant: (room, identity) => calls.rooms.get(room)?.participants.get(identity),
        injectData: (room, from, to, payload, topic) => calls.rooms.get(room)?.deliver({ from, to, packet: Room.userPacket(payload, topic), reliable: true }),
      }
    : null;
  return { url, wsUrl: selfWsUrl, port, hostile, close };
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

/**
 * Where media goes. Without an external address it stays on loopback when the server listens there; with one, every
 * peer connection offers exactly that address (a port range needs one: each connection holds a single port).
 */
function mediaNetwork(host: string, options: ServerOptions): { loopbackOnly: boolean; externalIp: string | null; udpPorts: UdpPortPool | null; clientIceServers: (() => ReturnType<typeof turnIceServers>) | null } {
  const udpPorts = options.udpPorts ? new UdpPortPool(options.udpPorts) : null;
  const externalIp = options.externalIp ?? (udpPorts && isLoopback(host) ? '127.0.0.1' : null);
  if (udpPorts && externalIp === null) {
    throw new Error('a UDP port range needs an external address (--external-ip) when the server listens beyond loopback');
  }
  const turn = options.turn ?? null;
  return {
    loopbackOnly: isLoopback(host) && (externalIp === null || isLoopback(externalIp)),
    externalIp,
    udpPorts,
    clientIceServers: turn ? () => turnIceServers(turn, options.now) : null,
  };
}
