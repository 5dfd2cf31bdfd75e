import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from '../shared/csp';
import { mimeTypeOf } from '../shared/mime-types';
import { APP_HOST, APP_SCHEME } from './app-origin';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
} as const;

/** Maps an app:// URL to a file inside rootDir, or null for anything outside it or not ours. */
export function resolveAppAsset(rootDir: string, requestUrl: string): { file: string; mimeType: string } | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  const mimeType = mimeTypeOf(file);
  if (!mimeType) return null;
  return { file, mimeType };
}

/** Serves the built renderer with the CSP as a real header (a meta tag cannot set frame-ancestors). */
export function createAppProtocolHandler(rootDir: string) {
  const csp = contentSecurityPolicy();
  return async (request: { url: string }): Promise<Response> => {
    const asset = resolveAppAsset(rootDir, request.url);
    if (!asset) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(asset.file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': asset.mimeType,
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
          'cross-origin-opener-policy': 'same-origin',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
