/**
 * Where tokens point and how they are signed. With no LIVEKIT_* variables the token service fronts
 * this process's own server using LiveKit's dev credentials (`devkey` / `secret`), like
 * `livekit-server --dev`; with all three set it fronts a real LiveKit deployment.
 */
export const DEV_API_KEY = 'devkey';
export const DEV_API_SECRET = 'secret';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
  /** ws(s) URL of the LiveKit server tokens are for; null means "this server" (derived per request). */
  livekitUrl: string | null;
}

export type CredentialsResult = { ok: true; value: Credentials } | { ok: false; message: string };

export function credentialsFromEnv(env: Record<string, string | undefined>): CredentialsResult {
  const url = env.LIVEKIT_URL?.trim() || undefined;
  const apiKey = env.LIVEKIT_API_KEY?.trim() || undefined;
  const apiSecret = env.LIVEKIT_API_SECRET?.trim() || undefined;
  if (!url && !apiKey && !apiSecret) {
    return { ok: true, value: { apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET, livekitUrl: null } };
  }
  if (!apiKey || !apiSecret) {
    return {
      ok: false,
      message: 'Set both LIVEKIT_API_KEY and LIVEKIT_API_SECRET (or neither, to use the local dev server).',
    };
  }
  if (url === undefined) return { ok: true, value: { apiKey, apiSecret, livekitUrl: null } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: `LIVEKIT_URL is not a URL: use wss://your-livekit-host` };
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(parsed.protocol)) {
    return { ok: false, message: 'LIVEKIT_URL must start with wss:// (or ws:// for a local server).' };
  }
  return { ok: true, value: { apiKey, apiSecret, livekitUrl: url } };
}
