/**
 * Content-Security-Policy for the renderer, in Electron (app://) and on the web build. Scripts only from the app
 * itself; network only to https/wss servers or a server on this machine (the embedded local server).
 * `'wasm-unsafe-eval'` lets the app compile WebAssembly it ships (MediaPipe's segmentation for background effects,
 * RNNoise): it allows no JavaScript eval, and the modules come from the app's own files like its scripts.
 */
export function contentSecurityPolicy(options: { selfOrigin?: string } = {}): string {
  const self = options.selfOrigin ? `'self' ${options.selfOrigin}` : "'self'";
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].flatMap((host) => [`http://${host}:*`, `ws://${host}:*`]);
  return [
    "default-src 'none'",
    `script-src ${self} 'wasm-unsafe-eval'`,
    // React and LiveKit set element styles at run time; no style can run script.
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `media-src ${self} blob: mediastream:`,
    `font-src ${self}`,
    `connect-src ${self} https: wss: ${loopback.join(' ')}`,
    `worker-src ${self} blob:`,
    `manifest-src ${self}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}
