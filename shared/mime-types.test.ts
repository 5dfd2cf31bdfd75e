import { describe, expect, it } from 'vitest';
import { mimeTypeOf } from './mime-types';

describe('mimeTypeOf', () => {
  it.each([
    ['/srv/app/index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.JS', 'text/javascript; charset=utf-8'],
    ['C:\\app\\assets\\e2ee-worker.mjs', 'text/javascript; charset=utf-8'],
    ['assets/index.js.map', 'application/json; charset=utf-8'],
    ['fonts/inter.woff2', 'font/woff2'],
    ['effects/selfie-segmentation.tflite', 'application/octet-stream'],
  ])('types %s', (file, type) => {
    expect(mimeTypeOf(file)).toBe(type);
  });

  it.each(['/srv/app/secret.pem', '/srv/app/.html', 'assets/README', 'x.constructor', 'x.__proto__'])('has no type for %s', (file) => {
    expect(mimeTypeOf(file)).toBeUndefined();
  });
});
