import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isRoomName } from '../shared/room-link';
import { contentSecurityPolicy } from '../shared/csp';
import { mimeTypeOf } from '../shared/mime-types';
import { sendText } from './http-util';

const APP_CSP = contentSecurityPolicy();

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Sealroom: web build missing</title>
<h1>The Sealroom web build is missing</h1>
<p>Run <code>npm run build</code>, then reload this page. The call server itself is running.</p>`;

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Maps a URL path to a file under `root`, or null when it would escape it or is not a plain path. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const resolved = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  const base = path.resolve(root);
  if (resolved !== base && !resolved.startsWith(base + path.sep)) return null;
  return resolved;
}

/**
 * Serves the renderer's web build: `/` and `/r/<room>` get index.html (the app routes itself),
 * other paths map to files inside the build folder and nowhere else.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'method not allowed');
    return;
  }
  const index = path.join(root, 'index.html');
  const isAppRoute = urlPath === '/' || urlPath === '/index.html' || /^\/r\/[^/]+\/?$/.test(urlPath);
  if (isAppRoute) {
    const room = /^\/r\/([^/]+)\/?$/.exec(urlPath)?.[1];
    if (room !== undefined && !isRoomName(room)) {
      sendText(res, 404, 'This is not a Sealroom room link. Check the link you were sent.');
      return;
    }
    if (!(await isFile(index))) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(MISSING_BUILD);
      return;
    }
    // The web build gets the same Content-Security-Policy as the desktop app's app:// pages.
    sendFile(req, res, index, 'no-cache', { 'Content-Security-Policy': APP_CSP, 'Referrer-Policy': 'no-referrer' });
    return;
  }
  const file = resolveStaticPath(root, urlPath);
  if (file === null || !(await isFile(file))) {
    sendText(res, 404, 'not found');
    return;
  }
  sendFile(req, res, file, 'public, max-age=300');
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(200, {
    ...extraHeaders,
    'Content-Type': mimeTypeOf(file) ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
