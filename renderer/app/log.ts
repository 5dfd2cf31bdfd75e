import type { SealroomBridge } from '../../shared/bridge';
import { describeRoomLinkForLog } from '../../shared/room-link';
import type { Screen } from './useAppStore';

type LogBridge = Pick<SealroomBridge, 'writeLog'>;

/**
 * The renderer's lines for the app's log file (main redacts them again, like its own). Never pass a link as text:
 * describe it with describeRoomLinkForLog, which leaves the fragment out.
 */
export function createRendererLog(bridge: LogBridge, scope: string) {
  const write = (level: 'info' | 'warn' | 'error', message: string) => void bridge.writeLog({ level, scope, message: message.slice(0, 2000) }).catch(() => undefined);
  return {
    info: (message: string) => write('info', message),
    warn: (message: string) => write('warn', message),
    error: (message: string) => write('error', message),
  };
}

/** Uncaught errors and rejections of the page reach the log file, for support. */
export function logPageErrors(target: Pick<Window, 'addEventListener'>, bridge: LogBridge): void {
  const log = createRendererLog(bridge, 'page');
  target.addEventListener('error', (event) => log.error(`uncaught: ${event.message} (${event.filename}:${event.lineno})`));
  target.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    log.error(`unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`);
  });
}

/** `screen: lobby https://meet.example.com/r/<room> (e2ee on)` */
export function describeScreenForLog(screen: Screen): string {
  switch (screen.name) {
    case 'home':
      return screen.linkError ? 'screen: home (a link could not be opened)' : 'screen: home';
    case 'settings':
      return 'screen: settings';
    case 'lobby':
    case 'call':
      return `screen: ${screen.name} ${describeRoomLinkForLog(screen.link)}`;
  }
}
