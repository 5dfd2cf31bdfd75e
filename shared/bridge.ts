import type { EventChannel, EventOf, eventChannels, InvokeChannel, invokeChannels, RequestOf, ResponseOf } from './ipc/channels';
import type { IpcResult } from './ipc/result';

/** The bridge method a channel is called through, as the contract names it. */
export type InvokeMethodOf<C extends InvokeChannel> = (typeof invokeChannels)[C]['method'];
export type EventMethodOf<C extends EventChannel> = (typeof eventChannels)[C]['method'];

/** A channel's method: the request is its one argument, or it takes none when the request is `z.undefined()`. */
export type BridgeCall<C extends InvokeChannel> = (...request: [RequestOf<C>] extends [undefined] ? [] : [request: RequestOf<C>]) => Promise<IpcResult<ResponseOf<C>>>;
/** An event's subscription: the listener gets the payload as the contract defines it; the call returns an unsubscribe. */
export type BridgeSubscription<C extends EventChannel> = (listener: (payload: EventOf<C>) => void) => () => void;

/**
 * What the renderer may ask of the desktop, derived from the contract in ./ipc/channels.ts: one method per channel,
 * nothing else. The preload exposes it as `window.sealroom` in Electron; renderer/bridge/web-bridge.ts serves the web build.
 */
export type SealroomBridge = { readonly kind: 'electron' | 'web' } & {
  readonly [C in InvokeChannel as InvokeMethodOf<C>]: BridgeCall<C>;
} & {
  readonly [C in EventChannel as EventMethodOf<C>]: BridgeSubscription<C>;
};
