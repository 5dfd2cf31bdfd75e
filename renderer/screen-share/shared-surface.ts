import type { ScreenSource } from '../../shared/ipc/channels';

const BROWSER_SURFACES: Record<string, string> = {
  monitor: 'your entire screen',
  window: 'a window',
  browser: 'a browser tab',
};

/**
 * The name in "You are sharing <name>". On the desktop the picker knows the exact screen or window; in a browser
 * the browser's own dialog chose it, so only its kind is known.
 */
export function describeSharedSurface(
  shell: 'electron' | 'web',
  chosen: { name: string; kind: ScreenSource['kind'] } | null,
  displaySurface: string | undefined,
): string {
  if (shell === 'electron' && chosen) return chosen.name || (chosen.kind === 'screen' ? 'your screen' : 'a window');
  return BROWSER_SURFACES[displaySurface ?? ''] ?? 'your screen';
}

/** getDisplayMedia failures, in words that say what to do next. A cancel is not an error. */
export function describeShareError(error: unknown): string | null {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return null;
    case 'NotReadableError':
    case 'AbortError':
      return 'Your screen could not be captured. Close other apps that are recording it, then try again.';
    case 'NotFoundError':
      return 'There was nothing to share. Open the window you want to share, then try again.';
    default:
      return `Screen sharing could not start${name ? ` (${name})` : ''}. Try again.`;
  }
}
