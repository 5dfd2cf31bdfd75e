import { APP_HOST, APP_ORIGIN, APP_SCHEME } from '../shared/app-origin';

/** The renderer is served from this privileged scheme, never from file:// (which would share an origin with the disk). */
export { APP_HOST, APP_SCHEME };
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
