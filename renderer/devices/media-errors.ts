export type MediaKind = 'camera' | 'microphone';

/** Turns getUserMedia failures into a message that says what to do next, per cause. */
export function describeMediaError(error: unknown, kind: MediaKind, shell: 'electron' | 'web'): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const device = kind === 'camera' ? 'camera' : 'microphone';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return shell === 'electron'
        ? `Sealroom is not allowed to use your ${device}. Allow it in your system's privacy settings, then try again.`
        : `Your browser blocked the ${device}. Click the camera icon in the address bar, allow access, then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found. Connect one, or choose another in the list.`;
    case 'NotReadableError':
    case 'AbortError':
      return `Your ${device} is in use by another app or stopped responding. Close the other app, then try again.`;
    default:
      return `Could not start your ${device}${name ? ` (${name})` : ''}. Try another device.`;
  }
}
