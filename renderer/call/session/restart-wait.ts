import { ConnectionError, EngineEvent, type Room } from 'livekit-client';

/**
 * After a full reconnect (the server restarted, or refused a resume), livekit-client 2.23's engine sleeps a fixed 2 s
 * in `waitForPCReconnected` before it even looks at the peer connections, and the room holds back every participant,
 * track and subscription until then. The sleep is there for a resume: after an ICE restart the old connections still
 * read "connected" for a moment. After a full reconnect the connections are new and cannot read "connected" before they
 * are, so the sleep only delays the call: it was 2 s of the 3.7 s before remote video came back after a server restart.
 *
 * For a full reconnect only, this makes the engine wait for its transports alone (as its first connection does). A
 * resume keeps the library's own wait. The members used here are internal to livekit-client: `engineSupportsFastRestart`
 * checks them, the room is left as the library made it when they are missing, and `restart-wait.test.ts` fails when a
 * livekit-client upgrade changes them.
 */

/** livekit-client's internal `PCState` values the wait sets (the enum is not exported). */
const PC_STATE_CONNECTED = 1;
const PC_STATE_DISCONNECTED = 2;
const PC_STATE_RECONNECTING = 3;

export interface RestartableEngine {
  waitForPCReconnected(): Promise<void>;
  pcManager?: { ensurePCTransportConnection(abortController: undefined, timeout: number): Promise<void> };
  peerConnectionTimeout: number;
  pcState: number;
  on(event: EngineEvent, listener: () => void): unknown;
  off(event: EngineEvent, listener: () => void): unknown;
}

export function engineSupportsFastRestart(engine: unknown): engine is RestartableEngine {
  if (typeof engine !== 'object' || engine === null) return false;
  const candidate = engine as Partial<Record<keyof RestartableEngine, unknown>>;
  return (
    typeof candidate.waitForPCReconnected === 'function' &&
    typeof candidate.peerConnectionTimeout === 'number' &&
    typeof candidate.pcState === 'number' &&
    typeof candidate.on === 'function' &&
    typeof candidate.off === 'function'
  );
}

/** Installs the transports-only wait on the room's engine for full reconnects; returns the undo. */
export function waitForTransportsAfterRestart(room: Pick<Room, 'engine'>): () => void {
  const engine: unknown = room.engine;
  if (!engineSupportsFastRestart(engine)) return () => undefined;
  const libraryWait = engine.waitForPCReconnected;
  let restarting = false;
  const onRestarting = () => (restarting = true);
  const onResuming = () => (restarting = false);

  const transportsOnly = async (): Promise<void> => {
    engine.pcState = PC_STATE_RECONNECTING;
    try {
      if (!engine.pcManager) throw new Error('PC manager is closed');
      await engine.pcManager.ensurePCTransportConnection(undefined, engine.peerConnectionTimeout);
      engine.pcState = PC_STATE_CONNECTED;
    } catch (error) {
      engine.pcState = PC_STATE_DISCONNECTED;
      throw ConnectionError.internal(`could not establish PC connection, ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  engine.waitForPCReconnected = function waitForPCReconnected(this: RestartableEngine) {
    if (!restarting) return libraryWait.call(this);
    restarting = false;
    return transportsOnly();
  };
  engine.on(EngineEvent.Restarting, onRestarting);
  engine.on(EngineEvent.Resuming, onResuming);
  return () => {
    engine.waitForPCReconnected = libraryWait;
    engine.off(EngineEvent.Restarting, onRestarting);
    engine.off(EngineEvent.Resuming, onResuming);
  };
}
