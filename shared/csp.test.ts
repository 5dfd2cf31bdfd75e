import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it("lets the app compile its own WebAssembly (background effects, RNNoise) and nothing more: no eval, no inline script, no other host", () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    for (const [name, sources] of csp) {
      expect(sources, name).not.toContain("'unsafe-eval'");
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
  });

  it('takes background pictures only from the app or from data:/blob: URLs made on the device, never from a host', () => {
    expect(directives(contentSecurityPolicy()).get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });
});
