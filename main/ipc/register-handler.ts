import type { z } from 'zod';
import { invokeChannels, type InvokeChannel, type RequestOf, type ResponseOf } from '../../shared/ipc/channels';
import { err, ok, type IpcResult } from '../../shared/ipc/result';
import type { Logger } from '../logger';

/** The slice of Electron's ipcMain / IpcMainInvokeEvent this module needs, so tests can drive it without Electron. */
export interface IpcInvokeEventLike {
  /** `parent` is null for a window's top-level frame (Electron's WebFrameMain). */
  senderFrame: { url: string; parent: unknown } | null | undefined;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export type Handler<C extends InvokeChannel> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** A handler may throw this to answer with a specific, user-facing error instead of 'internal'. */
export class IpcHandlerError extends Error {
  constructor(
    readonly code: 'not-allowed' | 'unavailable' | 'invalid-payload',
    message: string,
  ) {
    super(message);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

/**
 * The one way main answers the renderer: checks that the call comes from the top-level frame of the app's own
 * origin, validates the payload against the contract, runs the handler, validates what it answers, and always
 * resolves to an IpcResult — a bad call gets a clear error and main keeps running.
 */
export function createIpcRegistrar(ipc: IpcMainLike, options: { isTrustedSender(url: string | null): boolean; log: Logger }) {
  return function handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    const contract = invokeChannels[channel];
    ipc.handle(channel, async (event, ...args): Promise<IpcResult<ResponseOf<C>>> => {
      const frame = event?.senderFrame;
      if (!frame || !options.isTrustedSender(frame.url)) {
        options.log.warn(`ipc ${channel}: refused a call from an untrusted frame`);
        return err('untrusted-sender', `The call to ${channel} did not come from Sealroom's own window.`);
      }
      // Like VS Code's validatedIpcMain: a frame inside the page, even one on the app's origin, is not the app.
      if (frame.parent !== null) {
        options.log.warn(`ipc ${channel}: refused a call from a frame that is not the main frame`);
        return err('untrusted-sender', `The call to ${channel} came from a frame inside Sealroom's window, not the window itself.`);
      }
      if (args.length > 1) return err('invalid-payload', `${channel} takes one argument, got ${args.length}.`);
      const parsed = contract.request.safeParse(args[0]);
      if (!parsed.success) {
        return err('invalid-payload', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`);
      }
      try {
        const result = await handler(parsed.data as RequestOf<C>);
        const checked = contract.response.safeParse(result);
        if (!checked.success) {
          options.log.error(`ipc ${channel}: handler returned an invalid response (${describeIssues(checked.error)})`);
          return err('internal', `Sealroom could not complete ${channel}.`);
        }
        return ok(checked.data as ResponseOf<C>);
      } catch (error) {
        if (error instanceof IpcHandlerError) return err(error.code, error.message);
        options.log.error(`ipc ${channel}: ${error instanceof Error ? error.message : String(error)}`);
        return err('internal', `Sealroom could not complete ${channel}.`);
      }
    });
  };
}
