import { z } from 'zod';

export const DISPLAY_NAME_MAX = 64;

const DeviceIdSchema = z.string().max(512).nullable();

export const SettingsSchema = z
  .object({
    displayName: z.string().max(DISPLAY_NAME_MAX),
    cameraDeviceId: DeviceIdSchema,
    microphoneDeviceId: DeviceIdSchema,
    speakerDeviceId: DeviceIdSchema,
    joinWithCamera: z.boolean(),
    joinWithMicrophone: z.boolean(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  displayName: '',
  cameraDeviceId: null,
  microphoneDeviceId: null,
  speakerDeviceId: null,
  joinWithCamera: true,
  joinWithMicrophone: true,
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
