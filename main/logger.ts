import { redactFragment } from '../shared/room-link';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Every line goes through redactFragment: a room key must never reach a log, whatever the caller passed. */
export function createConsoleLogger(scope: string, sink: Pick<Console, 'log' | 'warn' | 'error'> = console): Logger {
  const line = (message: string) => `[${scope}] ${redactFragment(message)}`;
  return {
    info: (message) => sink.log(line(message)),
    warn: (message) => sink.warn(line(message)),
    error: (message) => sink.error(line(message)),
  };
}
