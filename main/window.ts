/**
 * What every Sealroom window's page gets: no Node, a sandbox, isolated contexts, no webviews. The call window adds
 * the preload (the bridge); the mini window (main/windows/mini-window.ts) gets these alone.
 */
export const SANDBOXED_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // A call must keep sending and rendering media while the window is hidden or covered.
  backgroundThrottling: false,
} as const;

/** webPreferences for the call window: the renderer gets no Node, runs sandboxed, and only sees the bridge. */
export function secureWebPreferences(preloadPath: string) {
  return { preload: preloadPath, ...SANDBOXED_WEB_PREFERENCES } as const;
}
