import { CUSTOM_BACKGROUND_MAX } from '../../../shared/settings';

const MAX_WIDTH = 1280;
const MAX_HEIGHT = 720;

/**
 * A picture the user chose for a background, made small enough to keep in settings: drawn into at most 1280×720
 * and saved as JPEG, on the device. Fails with a message for a file that is not a picture or stays too large.
 */
export async function ownPictureDataUrl(file: Blob): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('That file is not a picture Sealroom can read. Choose a JPEG, PNG or WebP image.');
  }
  const scale = Math.min(1, MAX_WIDTH / bitmap.width, MAX_HEIGHT / bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.5]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= CUSTOM_BACKGROUND_MAX) return url;
  }
  throw new Error('That picture is too large even when made smaller. Choose a simpler one.');
}
