/**
 * The desktop app's renderer origin: main serves the renderer from this privileged scheme, and the server's CORS
 * policy lets this origin ask for tokens by default.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sealroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
