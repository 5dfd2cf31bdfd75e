import { WebSocket } from 'ws';
import type { ClientRequestArgs } from 'node:http';

export type JoinOutcome =
  /** `messages`: every SignalResponse frame from the first (the join response can arrive with the upgrade). */
  | { joined: true; ws: WebSocket; messages: Buffer[] }
  | { joined: false; status: number; retryAfter: string | null; body: string };

/** Tests only: opens `/rtc` with `jwt` and says whether the upgrade was accepted, or how it was refused. */
export function openSignalling(wsUrl: string, jwt: string, options: ClientRequestArgs & { ca?: Buffer } = {}): Promise<JoinOutcome> {
  const ws = new WebSocket(`${wsUrl}/rtc?access_token=${jwt}&protocol=16&auto_subscribe=0`, options);
  const messages: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(data));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ joined: true, ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ joined: false, status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, body }));
    });
    ws.once('error', reject);
  });
}
