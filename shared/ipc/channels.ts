import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema } from '../settings';

/**
 * The IPC contract: every renderer → main call, with the schema main validates the request against
 * and the schema of what it answers. Channel names are `<area>:<verb>`.
 */
export const invokeChannels = {
  'app:get-info': {
    request: z.undefined(),
    response: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.enum(['darwin', 'win32', 'linux', 'web', 'other']),
      shell: z.enum(['electron', 'web']),
      /** Origin of the server new calls are created on (policy, then the embedded local server). */
      defaultServer: z.string().max(512),
    }),
  },
  'settings:get': { request: z.undefined(), response: SettingsSchema },
  'settings:update': { request: SettingsPatchSchema, response: SettingsSchema },
  'shell:open-external': {
    request: z.object({ url: z.string().min(1).max(2048) }).strict(),
    response: z.null(),
  },
  /** The room link the app was opened with, once; null when there is none. */
  'link:take-pending': { request: z.undefined(), response: z.string().max(512).nullable() },
} as const;

/** main → renderer notifications. */
export const eventChannels = {
  'link:opened': z.object({ link: z.string().max(512) }).strict(),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventOf<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;
export type AppInfo = ResponseOf<'app:get-info'>;
