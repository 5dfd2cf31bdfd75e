import type { BackgroundChoice, BundledBackground } from '../../../shared/settings';
import dusk from './backgrounds/dusk.svg?url';
import shelves from './backgrounds/shelves.svg?url';
import waves from './backgrounds/waves.svg?url';

/** The pictures that ship with the app (drawn for Sealroom), by the id settings store. */
export const BUNDLED_BACKGROUND_PICTURES: Record<BundledBackground, { label: string; url: string }> = {
  dusk: { label: 'Dusk', url: dusk },
  shelves: { label: 'Shelves', url: shelves },
  waves: { label: 'Waves', url: waves },
};

/** The picture to draw behind the person, or null for none / blur. */
export function backgroundPictureUrl(choice: BackgroundChoice): string | null {
  if (choice.kind === 'image') return BUNDLED_BACKGROUND_PICTURES[choice.image].url;
  if (choice.kind === 'custom') return choice.dataUrl;
  return null;
}

export function describeBackground(choice: BackgroundChoice): string {
  if (choice.kind === 'blur') return 'Blur';
  if (choice.kind === 'image') return BUNDLED_BACKGROUND_PICTURES[choice.image].label;
  if (choice.kind === 'custom') return 'Your picture';
  return 'None';
}
