import { eventChannels, type EventChannel, type EventOf } from '../../shared/ipc/channels';
import type { Logger } from '../logger';

export interface EventTargetLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** main → renderer notifications, checked against the contract before they leave, like every answer main gives. */
export function createEventSender(getTarget: () => EventTargetLike | null, log: Logger) {
  return function send<C extends EventChannel>(channel: C, payload: EventOf<C>): void {
    const checked = eventChannels[channel].payload.safeParse(payload);
    if (!checked.success) {
      log.error(`event ${channel}: payload does not match the contract; not sent`);
      return;
    }
    const target = getTarget();
    if (target && !target.isDestroyed()) target.send(channel, checked.data);
  };
}
