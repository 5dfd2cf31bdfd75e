import type { LocalParticipant } from 'livekit-client';
import { useEffect } from 'react';

export const SHORTCUTS = [
  { keys: 'M', action: 'Mute or unmute your microphone' },
  { keys: 'V', action: 'Turn your camera on or off' },
  { keys: 'Hold Space', action: 'Talk while muted' },
  { keys: 'H', action: 'Raise or lower your hand' },
  { keys: '?', action: 'Show these shortcuts' },
] as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Call-wide keyboard shortcuts; never while the user is typing or operating a control. */
export function useCallShortcuts(local: LocalParticipant, handlers: { toggleHand(): void; showShortcuts(): void }): void {
  useEffect(() => {
    let pushToTalk = false;
    const down = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'm' && !event.repeat) void local.setMicrophoneEnabled(!local.isMicrophoneEnabled);
      else if (key === 'v' && !event.repeat) void local.setCameraEnabled(!local.isCameraEnabled);
      else if (key === 'h' && !event.repeat) handlers.toggleHand();
      else if (event.key === '?') handlers.showShortcuts();
      // Space on a focused button or link presses it; push-to-talk only applies elsewhere.
      else if (event.code === 'Space' && !(event.target instanceof HTMLElement && event.target.closest('button, a, summary'))) {
        event.preventDefault();
        if (!event.repeat && !local.isMicrophoneEnabled) {
          pushToTalk = true;
          void local.setMicrophoneEnabled(true);
        }
      }
    };
    const up = (event: KeyboardEvent) => {
      if (event.code === 'Space' && pushToTalk) {
        pushToTalk = false;
        void local.setMicrophoneEnabled(false);
      }
    };
    // Releasing Space in another window must not leave the microphone open.
    const blur = () => up(new KeyboardEvent('keyup', { code: 'Space' }));
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [local, handlers]);
}
