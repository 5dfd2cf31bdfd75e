import { z } from 'zod';
import { parseServerOrigin } from './room-link';

export const DISPLAY_NAME_MAX = 64;

const DeviceIdSchema = z.string().max(512).nullable();

/** A meeting server's origin exactly as parseServerOrigin writes it (the settings screen normalises what is typed). */
const MeetingServerSchema = z
  .string()
  .max(256)
  .refine((value) => {
    const parsed = parseServerOrigin(value);
    return parsed.ok && parsed.value.origin === value;
  }, 'must be a server address such as https://meet.example.com (http only for this computer)')
  .nullable();

/** The backgrounds that ship with the app (their pictures live in the renderer: `renderer/devices/effects/backgrounds/`). */
export const BUNDLED_BACKGROUNDS = ['dusk', 'shelves', 'waves'] as const;
export type BundledBackground = (typeof BUNDLED_BACKGROUNDS)[number];

/** A picture the user chose, kept as a downscaled JPEG or PNG (at most about 700 kB). */
export const CUSTOM_BACKGROUND_MAX = 1_000_000;
const CustomBackgroundSchema = z.string().max(CUSTOM_BACKGROUND_MAX).regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+=*$/);

/** What is shown behind the person on camera; processed on this device before encryption. */
export const BackgroundChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('blur') }).strict(),
  z.object({ kind: z.literal('image'), image: z.enum(BUNDLED_BACKGROUNDS) }).strict(),
  z.object({ kind: z.literal('custom'), dataUrl: CustomBackgroundSchema }).strict(),
]);
export type BackgroundChoice = z.infer<typeof BackgroundChoiceSchema>;

/** `low`: send video at 360p and 15 frames a second; `audio-only`: send and receive no video. */
export const VideoModeSchema = z.enum(['normal', 'low', 'audio-only']);
export type VideoMode = z.infer<typeof VideoModeSchema>;

export const SettingsSchema = z
  .object({
    displayName: z.string().max(DISPLAY_NAME_MAX),
    cameraDeviceId: DeviceIdSchema,
    microphoneDeviceId: DeviceIdSchema,
    speakerDeviceId: DeviceIdSchema,
    joinWithCamera: z.boolean(),
    joinWithMicrophone: z.boolean(),
    /** The origin whose `/api/token` New call uses; null: the built-in suggestion, if any (policy's `defaultServer` beats both). */
    meetingServer: MeetingServerSchema,
    /** The first-run card offering the server choice was answered (or dismissed); it is shown once. */
    serverChoiceSeen: z.boolean(),
    // Awareness in a call (renderer/call/awareness).
    /** Short sounds when someone joins, leaves, raises a hand or writes in the chat. */
    callSounds: z.boolean(),
    /** While the window is in the background: an OS notification for a raised hand or a chat message. */
    callNotifications: z.boolean(),
    /** Notifications may name who and show what was written (end-to-end encrypted content); off: only that something happened. */
    notificationPreviews: z.boolean(),
    /** Video and audio processing (renderer/devices/effects), chosen in the lobby, the call or here. */
    background: BackgroundChoiceSchema,
    /** RNNoise on the microphone; the browser's own suppressor is used only while RNNoise is off. */
    noiseSuppression: z.boolean(),
    echoCancellation: z.boolean(),
    autoGainControl: z.boolean(),
    videoMode: VideoModeSchema,
    /** During a call, a small always-on-top window shows the active speaker while Sealroom is in the background. */
    miniWindow: z.boolean(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A settings object is a plain object. IPC's structured clone carries Map, Set and Date objects across, and z.object
 * reads those as objects without fields: an empty, valid patch.
 */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const SettingsFieldsPatchSchema = SettingsSchema.partial().strict();
export const SettingsPatchSchema = z
  .custom<z.input<typeof SettingsFieldsPatchSchema>>(isPlainObject, { message: 'settings must be a plain object of fields' })
  .pipe(SettingsFieldsPatchSchema);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  displayName: '',
  cameraDeviceId: null,
  microphoneDeviceId: null,
  speakerDeviceId: null,
  joinWithCamera: true,
  joinWithMicrophone: true,
  meetingServer: null,
  serverChoiceSeen: false,
  callSounds: true,
  callNotifications: true,
  notificationPreviews: false,
  background: { kind: 'none' },
  noiseSuppression: true,
  echoCancellation: true,
  autoGainControl: true,
  videoMode: 'normal',
  miniWindow: true,
};

/** Reads stored settings leniently: unknown or damaged fields fall back to defaults instead of losing the rest. */
export function settingsFromStored(stored: unknown): Settings {
  if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_SETTINGS };
  const result: Settings = { ...DEFAULT_SETTINGS };
  const shape = SettingsSchema.shape;
  for (const key of Object.keys(shape) as Array<keyof Settings>) {
    const parsed = shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) (result as Record<keyof Settings, unknown>)[key] = parsed.data;
  }
  return result;
}
