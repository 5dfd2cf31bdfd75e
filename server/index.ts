import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Credentials } from './credentials';
import { DEV_API_KEY, DEV_API_SECRET } from './credentials';
import { sendJson, sendText, setCors } from './http-util';
import { describe } from './describe';
import { consoleLogger, type Logger } from './log';
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

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log('error', 'request failed', { path: safePath(req), error: describe(error) });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal server error' } });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    rtc.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_error, socket) => socket.destroy());

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

/** Path without the query: queries carry access tokens and must not reach the log. */
function safePath(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
