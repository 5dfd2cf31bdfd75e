import { useCallback, useEffect, useState } from 'react';
import { RoomEvent, type Room } from 'livekit-client';

export type DeviceKind = 'videoinput' | 'audioinput';

/** The device a connected room captures from, and a switch to another one (null: the system default). */
export function useActiveDevice(room: Room, kind: DeviceKind): [string | null, (deviceId: string | null) => Promise<void>] {
  const [active, setActive] = useState<string | null>(() => room.getActiveDevice(kind) ?? null);
  useEffect(() => {
    const update = () => setActive(room.getActiveDevice(kind) ?? null);
    room.on(RoomEvent.ActiveDeviceChanged, update);
    update();
    return () => void room.off(RoomEvent.ActiveDeviceChanged, update);
  }, [room, kind]);
  const choose = useCallback(
    async (deviceId: string | null) => {
      await room.switchActiveDevice(kind, deviceId ?? 'default');
      setActive(deviceId);
    },
    [room, kind],
  );
  return [active, choose];
}
