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
