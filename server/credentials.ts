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
  /**
   * Where the token service reaches that LiveKit's RoomService (LIVEKIT_API_URL), when not at `livekitUrl`: inside
   * a compose network or a cluster, the public URL would leave and come back through the load balancer.
   */
  livekitApiUrl?: string | null;
}

export type CredentialsResult = { ok: true; value: Credentials } | { ok: false; message: string };

export function credentialsFromEnv(env: Record<string, string | undefined>): CredentialsResult {
  const url = env.LIVEKIT_URL?.trim() || undefined;
  const apiKey = env.LIVEKIT_API_KEY?.trim() || undefined;
  const apiSecret = env.LIVEKIT_API_SECRET?.trim() || undefined;
  const apiUrl = env.LIVEKIT_API_URL?.trim() || undefined;
  if (!url && !apiKey && !apiSecret) {
    if (apiUrl) return { ok: false, message: 'LIVEKIT_API_URL is set without LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.' };
    return { ok: true, value: { apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET, livekitUrl: null } };
  }
  if (!apiKey || !apiSecret) {
    return {
      ok: false,
      message: 'Set both LIVEKIT_API_KEY and LIVEKIT_API_SECRET (or neither, to use the local dev server).',
    };
  }
  if (url === undefined) {
    if (apiUrl) return { ok: false, message: 'LIVEKIT_API_URL needs LIVEKIT_URL too (the address clients are sent to).' };
    return { ok: true, value: { apiKey, apiSecret, livekitUrl: null } };
  }
  if (!isServiceUrl(url)) return { ok: false, message: 'LIVEKIT_URL must be a URL starting with wss:// (or ws:// for a local server).' };
  if (apiUrl !== undefined && !isServiceUrl(apiUrl)) {
    return { ok: false, message: 'LIVEKIT_API_URL must be a URL starting with http(s):// or ws(s)://, such as http://livekit:7880.' };
  }
  return { ok: true, value: { apiKey, apiSecret, livekitUrl: url, livekitApiUrl: apiUrl ?? null } };
}

function isServiceUrl(value: string): boolean {
  try {
    return ['ws:', 'wss:', 'http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
