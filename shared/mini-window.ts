/**
 * The mini window of a call, as main and the renderer both know it. In Electron it is a second window the call
 * renderer opens with `window.open(MINI_WINDOW_PATH, MINI_WINDOW_NAME)` when main asks (`window:open-mini`); main
 * allows exactly that page and name, and only then. In the web build it is a Document Picture-in-Picture window.
 * Either way the call renderer draws into it: no second call, no second copy of the keys.
 */
export const MINI_WINDOW_NAME = 'sealroom-mini';
/** A page with no script of its own (renderer/public/mini.html): the call renderer fills it. */
export const MINI_WINDOW_PATH = '/mini.html';
export const MINI_WINDOW_SIZE = { width: 320, height: 240 } as const;
