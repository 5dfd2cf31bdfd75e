import type { ReconnectState } from './session/session-stores';

/** After this long rebuilding the connection, the banner stops saying "rejoining" and says the server is unreachable. */
export const UNREACHABLE_AFTER_MS = 10_000;

export interface ReconnectMessage {
  kind: 'resuming' | 'rejoining' | 'offline' | 'unreachable';
  text: string;
  elapsedSeconds: number;
}

/** What the reconnect banner says: what is happening, in words, and for how long. */
export function describeReconnect(state: ReconnectState, context: { now: number; online: boolean; host: string }): ReconnectMessage {
  const elapsedMs = Math.max(0, context.now - state.since);
  const elapsedSeconds = Math.floor(elapsedMs / 1000);
  if (!context.online) {
    return { kind: 'offline', elapsedSeconds, text: 'This computer is offline. Sealroom rejoins the call as soon as the network is back.' };
  }
  if (state.kind === 'resuming') {
    return { kind: 'resuming', elapsedSeconds, text: 'Reconnecting to the server… the call goes on meanwhile.' };
  }
  if (elapsedMs >= UNREACHABLE_AFTER_MS) {
    return { kind: 'unreachable', elapsedSeconds, text: `Can’t reach the server at ${context.host}. Still trying…` };
  }
  return { kind: 'rejoining', elapsedSeconds, text: 'Rejoining the call… others reappear when the connection is back.' };
}
