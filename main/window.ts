/** webPreferences for every Sealroom window: the renderer gets no Node, runs sandboxed, and only sees the bridge. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
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
}
