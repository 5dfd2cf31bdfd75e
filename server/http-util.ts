import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 413 | 400; message: string };

/** Reads a request body, refusing (and draining no further than) `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, status: 413, message: `request body is larger than ${limit} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, status: 413, message: `request body is larger than ${limit} bytes` });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, body: Buffer.concat(chunks) });
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, status: 400, message: 'request body could not be read' });
    });
  });
}

/** Bearer token from an Authorization header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * Answers on a raw socket, before or outside the HTTP machinery (an upgrade, a connection over the cap, a request
 * Node gave up parsing), and closes it. `cors`: browser pages may read the answer (a refused signalling join).
 */
export function refuseSocket(socket: Duplex, status: number, message: string, options: { retryAfterS?: number; cors?: boolean } = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const retry = options.retryAfterS === undefined ? '' : `Retry-After: ${options.retryAfterS}\r\n`;
  const cors = options.cors ? 'Access-Control-Allow-Origin: *\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n` +
      `${retry}${cors}Connection: close\r\n\r\n${message}`,
  );
  // a peer that never reads must not keep the socket
  setTimeout(() => socket.destroy(), 1000).unref();
}
