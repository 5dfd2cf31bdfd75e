import { z } from 'zod';

/** Updates: how the app may update itself (a policy key or the user's choice), how it was installed, and what it is doing. */

export const UpdateModeSchema = z.enum(['off', 'notify', 'automatic']);
export type UpdateMode = z.infer<typeof UpdateModeSchema>;

export const UpdateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

/** How this copy was installed; decides whether it can update itself. */
const InstallerTypeSchema = z.enum(['nsis', 'msi', 'dmg', 'pkg', 'appimage', 'deb', 'rpm', 'unpackaged']);
export type InstallerType = z.infer<typeof InstallerTypeSchema>;

/** What the settings screen shows about updates; main pushes it on every change. */
export const UpdateStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }).strict(),
  z.object({ state: z.literal('disabled'), managed: z.boolean(), message: z.string().max(512) }).strict(),
  z.object({ state: z.literal('not-supported'), installer: InstallerTypeSchema, message: z.string().max(512) }).strict(),
  z.object({ state: z.literal('checking') }).strict(),
  z.object({ state: z.literal('up-to-date') }).strict(),
  /** Notify mode: a newer version exists and waits for the user to download it. */
  z.object({ state: z.literal('available'), version: z.string().max(64) }).strict(),
  z.object({ state: z.literal('downloading'), version: z.string().max(64), percent: z.number().min(0).max(100) }).strict(),
  /** Downloaded and verified; installs on restart (and on quit in automatic mode). */
  z.object({ state: z.literal('ready'), version: z.string().max(64) }).strict(),
  /** The user asked to restart during a call; it happens when the call ends. */
  z.object({ state: z.literal('deferred'), version: z.string().max(64) }).strict(),
  z.object({ state: z.literal('error'), message: z.string().max(512) }).strict(),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/** What asking to restart into an update did: restarting now, waiting for the call to end, or nothing was downloaded. */
export const InstallRequestResultSchema = z.enum(['installing', 'deferred', 'nothing-to-install']);
export type InstallRequestResult = z.infer<typeof InstallRequestResultSchema>;
