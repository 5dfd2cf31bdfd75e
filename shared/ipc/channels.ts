import { z } from 'zod';
import { PolicyStateSchema } from '../policy';
import { SettingsPatchSchema, SettingsSchema } from '../settings';
import { InstallRequestResultSchema, UpdateStatusSchema } from '../updates';

/** What the operating system currently allows Sealroom to capture (macOS and Windows privacy settings). */
const MediaAccessStatusSchema = z.enum(['not-determined', 'granted', 'denied', 'restricted', 'unknown']);
export type MediaAccessStatus = z.infer<typeof MediaAccessStatusSchema>;
const MediaAccessSchema = z.object({ camera: MediaAccessStatusSchema, microphone: MediaAccessStatusSchema, screen: MediaAccessStatusSchema }).strict();
export type MediaAccess = z.infer<typeof MediaAccessSchema>;
export const MediaDeviceKindSchema = z.enum(['camera', 'microphone']);
export type MediaDeviceKind = z.infer<typeof MediaDeviceKindSchema>;
export const PrivacyPaneSchema = z.enum(['camera', 'microphone', 'screen']);
export type PrivacyPane = z.infer<typeof PrivacyPaneSchema>;

/** Sized for JPEG thumbnails (about 480×270); a bigger payload is a bug, not a picture. */
const THUMBNAIL_MAX = 400_000;
const PickRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const ScreenSourceSchema = z
  .object({
    /** desktopCapturer id (`screen:0:0`, `window:1234:0`), or the browser's surface kind in the web build. */
    id: z.string().min(1).max(256),
    name: z.string().max(256),
    kind: z.enum(['screen', 'window', 'tab']),
    /** `data:image/jpeg;base64,…`; null when the system gave no picture. */
    thumbnail: z.string().max(THUMBNAIL_MAX).nullable(),
    appIcon: z.string().max(THUMBNAIL_MAX).nullable(),
  })
  .strict();
export type ScreenSource = z.infer<typeof ScreenSourceSchema>;

const ScreenPickRequestSchema = z
  .object({
    requestId: PickRequestIdSchema,
    sources: z.array(ScreenSourceSchema).max(100),
    /** Whether "share audio" can be offered (Windows system audio, a browser tab). */
    audioSupported: z.boolean(),
    /**
     * Set when capture cannot happen (macOS Screen Recording off, turned off by the organisation): the picker explains
     * instead of listing, with a button to the system settings page when `pane` names one.
     */
    blocked: z.object({ pane: PrivacyPaneSchema.nullable(), message: z.string().max(512) }).strict().nullable(),
  })
  .strict();
export type ScreenPickRequest = z.infer<typeof ScreenPickRequestSchema>;

export const ScreenSelectionSchema = z
  .object({
    requestId: PickRequestIdSchema,
    /** null: the user cancelled; getDisplayMedia then rejects and the next share starts fresh. */
    choice: z.object({ sourceId: z.string().min(1).max(256), audio: z.boolean() }).strict().nullable(),
  })
  .strict();
export type ScreenSelection = z.infer<typeof ScreenSelectionSchema>;

export const AttentionNotificationSchema = z
  .object({
    title: z.string().min(1).max(128),
    body: z.string().max(256),
  })
  .strict();
export type AttentionNotification = z.infer<typeof AttentionNotificationSchema>;

/**
 * The IPC contract: every renderer → main call, with the bridge method that makes it (`window.sealroom.<method>`),
 * the schema main validates the request against, and the schema of what it answers. Channel names are
 * `<area>:<verb>`. A bridge method takes the request itself as its one argument (none when the request is
 * `z.undefined()`), so a call that carries one value carries it bare.
 */
export const invokeChannels = {
  'app:get-info': {
    method: 'getAppInfo',
    request: z.undefined(),
    response: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.enum(['darwin', 'win32', 'linux', 'web', 'other']),
      shell: z.enum(['electron', 'web']),
      /**
       * The server a fresh install suggests for new calls: SEALROOM_SERVER (`npm start` sets it to the embedded
       * server) or, in the browser, the page's own server; null in an installed app. The user's "Meeting server"
       * setting comes before it, and the organisation's `defaultServer` policy before both.
       */
      defaultServer: z.string().max(512).nullable(),
    }),
  },
  'settings:get': { method: 'getSettings', request: z.undefined(), response: SettingsSchema },
  'settings:update': { method: 'updateSettings', request: SettingsPatchSchema, response: SettingsSchema },
  /** Opens an https or mailto URL in the system's handler; anything else is refused. */
  'shell:open-external': { method: 'openExternal', request: z.string().min(1).max(2048), response: z.null() },
  /** The room link the app was opened with, once; null when there is none. */
  'link:take-pending': { method: 'takePendingLink', request: z.undefined(), response: z.string().max(512).nullable() },
  /** What the OS allows (camera, microphone, screen recording); the lobby explains a denial. */
  'media:get-access-status': { method: 'getMediaAccessStatus', request: z.undefined(), response: MediaAccessSchema },
  /** Asks the OS (macOS prompt) when undecided; answers without prompting when the user already chose. */
  'media:request-access': {
    method: 'requestMediaAccess',
    request: MediaDeviceKindSchema,
    response: z.object({ granted: z.boolean(), status: MediaAccessStatusSchema }).strict(),
  },
  /** Opens the system privacy page where the user can allow Sealroom. */
  'media:open-system-settings': { method: 'openMediaSettings', request: PrivacyPaneSchema, response: z.null() },
  /** The lobby's camera/microphone switches: main grants media only for kinds switched on. */
  'media:set-consent': {
    method: 'setMediaConsent',
    request: z.object({ camera: z.boolean(), microphone: z.boolean() }).strict(),
    response: z.null(),
  },
  /** Answers a pick request: a source (and whether to share audio), or null for cancel. */
  'screen:select': { method: 'selectScreenSource', request: ScreenSelectionSchema, response: z.null() },
  /** While sharing, Sealroom's own windows are kept out of every capture. */
  'screen:set-sharing': { method: 'setScreenSharing', request: z.boolean(), response: z.null() },
  /** A call started or ended: keeps the display awake, and a link arriving mid-call asks before switching. */
  'call:set-active': { method: 'setCallActive', request: z.boolean(), response: z.null() },
  /** The mini window's "return to the call": main brings the call's window back (and closes the mini window). */
  'window:return-to-call': { method: 'returnToCall', request: z.undefined(), response: z.null() },
  /** The organisation's policy as read at startup: values, which keys it manages, and what was wrong with it. */
  'policy:get': { method: 'getPolicy', request: z.undefined(), response: PolicyStateSchema },
  'updates:get-status': { method: 'getUpdateStatus', request: z.undefined(), response: UpdateStatusSchema },
  /** Checks now; the outcome arrives as `updates:status` events. */
  'updates:check': { method: 'checkForUpdates', request: z.undefined(), response: z.null() },
  /** Notify mode: downloads the available version; progress arrives as `updates:status` events. */
  'updates:download': { method: 'downloadUpdate', request: z.undefined(), response: z.null() },
  /** Restarts into the downloaded version, or (during a call) once the call ends. */
  'updates:install': { method: 'installUpdate', request: z.undefined(), response: InstallRequestResultSchema },
  /** A renderer log line for the app's log file; main redacts it like its own (shared/log-redaction.ts). */
  'log:write': {
    method: 'writeLog',
    request: z
      .object({
        level: z.enum(['info', 'warn', 'error']),
        /** What part of the page wrote it: `app`, `new-call`, `call`. */
        scope: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
        message: z.string().max(2000),
      })
      .strict(),
    response: z.null(),
  },
  /**
   * An OS notification while the window is in the background (a raised hand, a chat message). The renderer decides
   * what it says (renderer/call/awareness: names and chat text only with previews allowed); a click brings the window back.
   */
  'attention:notify': { method: 'showNotification', request: AttentionNotificationSchema, response: z.object({ shown: z.boolean() }).strict() },
  /** Unread chat messages in the call: the dock or taskbar badge, and a flashing taskbar entry when the count rises unseen. */
  'attention:set-unread': { method: 'setUnreadCount', request: z.number().int().min(0).max(9999), response: z.null() },
  /**
   * Asks where to save, then writes a redacted text bundle for support: versions, policy state, settings without
   * personal values, the last logs. Never keys, links' fragments or tokens. `saved: false` when the user cancelled.
   */
  'diagnostics:export': {
    method: 'exportDiagnostics',
    request: z.undefined(),
    response: z.object({ saved: z.boolean(), file: z.string().max(4096).nullable() }).strict(),
  },
} as const;

/** main → renderer notifications, each with the bridge subscription that delivers it (it returns an unsubscribe). */
export const eventChannels = {
  'link:opened': { method: 'onLinkOpened', payload: z.object({ link: z.string().max(512) }).strict() },
  /** A page called getDisplayMedia: show the picker. */
  'screen:pick-request': { method: 'onScreenPickRequest', payload: ScreenPickRequestSchema },
  /** Fresh thumbnails and windows for the open picker. */
  'screen:sources-updated': {
    method: 'onScreenSourcesUpdated',
    payload: z.object({ requestId: PickRequestIdSchema, sources: z.array(ScreenSourceSchema).max(100) }).strict(),
  },
  /** The request ended without the picker (superseded, window reloaded, timed out): close it. */
  'screen:pick-cancelled': { method: 'onScreenPickCancelled', payload: z.object({ requestId: PickRequestIdSchema }).strict() },
  /**
   * The call's window lost focus or was minimised during a call, with the mini window switched on: the call
   * renderer opens it (main allows that one window for a few seconds after asking).
   */
  'window:open-mini': { method: 'onMiniWindowOpen', payload: z.object({ reason: z.enum(['blur', 'minimize']) }).strict() },
  /** Every change of the update state (checking, progress, ready, deferred, error). */
  'updates:status': { method: 'onUpdateStatus', payload: UpdateStatusSchema },
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventOf<C extends EventChannel> = z.output<(typeof eventChannels)[C]['payload']>;
export type AppInfo = ResponseOf<'app:get-info'>;
