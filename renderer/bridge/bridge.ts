import type { SealroomBridge } from '../../shared/bridge';
import { browserEnv } from './browser-env';
import { createWebBridge } from './web-bridge';

/** The one global the renderer uses: the preload's bridge in Electron, the browser implementation on the web. */
export const bridge: SealroomBridge = window.sealroom ?? createWebBridge(browserEnv(window));
