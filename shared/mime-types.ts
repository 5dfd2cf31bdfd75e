/** Content types of the renderer's built files: main's app:// handler and the local server's web build serve the same set. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // The background-effects model (renderer/devices/effects).
  '.tflite': 'application/octet-stream',
};

/** The content type of a file by its extension (any case), or undefined for a kind of file Sealroom does not serve. */
export function mimeTypeOf(fileName: string): string | undefined {
  const extension = /(?<=[^/\\])\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase();
  return extension !== undefined && Object.hasOwn(MIME_TYPES, extension) ? MIME_TYPES[extension] : undefined;
}
