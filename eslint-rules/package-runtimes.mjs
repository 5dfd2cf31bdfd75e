// Every npm package the code imports, sorted by where it can run (Signal Desktop keeps the same lists). The
// import-boundaries rule lets a folder import a package only if its list is one the folder's process has; a package
// in no list is an "uncategorized dependency" error, so a new dependency is placed deliberately, once, here.

/** Needs Node (or Electron's main process): never in the renderer, the preload or shared/. */
export const NODE_PACKAGES = [
  '@electron/asar',
  '@eslint/js',
  '@livekit/rtc-node',
  '@playwright/test',
  '@vitejs/plugin-react',
  'app-builder-lib',
  'builder-util',
  'electron-builder',
  'electron-updater',
  'esbuild',
  'eslint',
  'eslint-plugin-react-hooks',
  'globals',
  // QR decoding for the browser suite's invite test; it runs in Node, on a screenshot's pixels.
  'jsqr',
  'livekit-server-sdk',
  'typescript',
  'typescript-eslint',
  'vite',
  'werift',
  'ws',
];

/** Needs a browser page (DOM, WebRTC, Web Audio). */
export const DOM_PACKAGES = [
  '@livekit/components-react',
  // Background blur and virtual backgrounds (MediaPipe segmentation, WebGL); RNNoise as an AudioWorklet.
  '@livekit/track-processors',
  '@sapphi-red/web-noise-suppressor',
  'axe-core',
  'livekit-client',
  'lucide-react',
  'react-dom',
];

/** Plain JavaScript that runs anywhere. */
export const NEUTRAL_PACKAGES = ['@livekit/protocol', 'qr', 'react', 'zod', 'zustand'];

/** Electron itself: main-process APIs for main/, contextBridge and ipcRenderer for the preload. */
export const ELECTRON_PACKAGES = ['electron'];

/** Only unit tests import these (they run under Vitest, in Node, whatever folder they test). */
export const TEST_PACKAGES = ['fast-check', 'vitest'];

export const PACKAGE_RUNTIMES = {
  node: NODE_PACKAGES,
  dom: DOM_PACKAGES,
  neutral: NEUTRAL_PACKAGES,
  electron: ELECTRON_PACKAGES,
  test: TEST_PACKAGES,
};
