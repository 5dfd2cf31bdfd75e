import type { SealroomBridge } from '../shared/bridge';

declare global {
  const __SEALROOM_VERSION__: string;
  interface Window {
    /** Set by the Electron preload; absent in the web build. */
    readonly sealroom?: SealroomBridge;
  }
}
