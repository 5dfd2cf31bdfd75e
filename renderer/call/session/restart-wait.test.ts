import { EngineEvent, Room } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { engineSupportsFastRestart, waitForTransportsAfterRestart, type RestartableEngine } from './restart-wait';

/** An engine with the members the wait uses; its own wait stands for livekit-client's fixed 2 s sleep. */
class FakeEngine implements RestartableEngine {
  private readonly listeners = new Map<EngineEvent, Set<() => void>>();
  pcState = 0;
  peerConnectionTimeout = 15_000;
  libraryWaits = 0;
  transportWaits: number[] = [];
  transportsFail = false;
  pcManager = {
    ensurePCTransportConnection: async (_abort: undefined, timeout: number) => {
      this.transportWaits.push(timeout);
      if (this.transportsFail) throw new Error('timed out');
    },
  };
  async waitForPCReconnected(): Promise<void> {
    this.libraryWaits += 1;
  }
  on(event: EngineEvent, listener: () => void): void {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
  }
  off(event: EngineEvent, listener: () => void): void {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: EngineEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  listenerCount(event: EngineEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

function roomWith(engine: FakeEngine): Pick<Room, 'engine'> {
  return { engine } as unknown as Pick<Room, 'engine'>;
}

describe('waitForTransportsAfterRestart', () => {
  it('waits for the transports alone after a full reconnect', async () => {
    const engine = new FakeEngine();
    waitForTransportsAfterRestart(roomWith(engine));
    engine.emit(EngineEvent.Restarting);
    await engine.waitForPCReconnected();
    expect(engine.libraryWaits).toBe(0);
    expect(engine.transportWaits).toEqual([15_000]);
    expect(engine.pcState).toBe(1);
  });

  it("keeps the library's wait for a resume, and for a resume after a restart", async () => {
    const engine = new FakeEngine();
    waitForTransportsAfterRestart(roomWith(engine));
    engine.emit(EngineEvent.Resuming);
    await engine.waitForPCReconnected();
    engine.emit(EngineEvent.Restarting);
    await engine.waitForPCReconnected();
    engine.emit(EngineEvent.Resuming);
    await engine.waitForPCReconnected();
    expect(engine.libraryWaits).toBe(2);
    expect(engine.transportWaits).toHaveLength(1);
  });

  it('reports transports that do not connect as the library does, and marks the connections down', async () => {
    const engine = new FakeEngine();
    engine.transportsFail = true;
    waitForTransportsAfterRestart(roomWith(engine));
    engine.emit(EngineEvent.Restarting);
    await expect(engine.waitForPCReconnected()).rejects.toThrow('could not establish PC connection, timed out');
    expect(engine.pcState).toBe(2);
  });

  it('undoes itself', async () => {
    const engine = new FakeEngine();
    const undo = waitForTransportsAfterRestart(roomWith(engine));
    undo();
    engine.emit(EngineEvent.Restarting);
    await engine.waitForPCReconnected();
    expect(engine.libraryWaits).toBe(1);
    expect(engine.listenerCount(EngineEvent.Restarting)).toBe(0);
  });

  it('leaves an engine without those members as it is', () => {
    const engine = { waitForPCReconnected: () => Promise.resolve() };
    waitForTransportsAfterRestart({ engine } as unknown as Pick<Room, 'engine'>);
    expect(engineSupportsFastRestart(engine)).toBe(false);
    expect(() => waitForTransportsAfterRestart({ engine: undefined } as unknown as Pick<Room, 'engine'>)).not.toThrow();
  });

  // The members used are livekit-client internals: an upgrade that renames them or changes the wait fails here, so the
  // wait is looked at again rather than silently left out.
  it("matches livekit-client's engine", () => {
    const room = new Room();
    (room as unknown as { maybeCreateEngine(): void }).maybeCreateEngine();
    const engine: unknown = room.engine;
    expect(engineSupportsFastRestart(engine)).toBe(true);
    const source = String((engine as RestartableEngine).waitForPCReconnected);
    expect(source).toContain('sleep(minReconnectWait)');
    expect(source).toContain('ensurePCTransportConnection(undefined, this.peerConnectionTimeout)');
    expect(source).toContain('PCState.Reconnecting');
    expect((engine as RestartableEngine).pcState).toBe(0);
    void room.disconnect();
  });
});
