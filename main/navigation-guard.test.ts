import { describe, expect, it } from 'vitest';
import { guardNavigation, type GuardedWebContents } from './navigation-guard';

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents = {
    on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  } as unknown as GuardedWebContents;
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('guardNavigation', () => {
  it('prevents every navigation, redirect and webview', () => {
    const { contents, fire } = fakeContents();
    guardNavigation(contents, () => {}, { info() {}, warn() {}, error() {} });
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://sealroom/index.html')).toBe(true);
    expect(fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies new windows, handing only allow-listed links to the OS', () => {
    const { contents, open } = fakeContents();
    const opened: string[] = [];
    guardNavigation(contents, (url) => opened.push(url), { info() {}, warn() {}, error() {} });
    for (const url of ['https://help.example/', 'mailto:a@b.example', 'file:///x', 'javascript:alert(1)', 'smb://x/y']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://help.example/', 'mailto:a@b.example']);
  });
});
