import { formatLogLine, redactSecrets, type LogLevel } from '../shared/log-redaction';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where log lines go besides the console: the rotating file in the app's log folder (main/logs). */
export interface LogFileSink {
  write(line: string): void;
}

/**
 * Every line goes through redactSecrets (fragments, tokens, key-looking strings) before it reaches the console or
 * the file: a room key must never reach a log, whatever the caller passed.
 */
export function createConsoleLogger(scope: string, sink: Pick<Console, 'log' | 'warn' | 'error'> = console, file?: LogFileSink): Logger {
  const emit = (level: LogLevel, message: string) => {
    const line = `[${scope}] ${redactSecrets(message)}`;
    if (level === 'info') sink.log(line);
    else sink[level](line);
    file?.write(formatLogLine(level, scope, message));
  };
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}
