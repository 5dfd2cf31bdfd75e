/**
 * One-line structured log for the server. Callers pass only what is safe to print: never a token,
 * an Authorization header, a full URL with its query, or anything from a room link's fragment.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | undefined>;

export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

export const consoleLogger: Logger = (level, message, fields) => {
  const parts = [new Date().toISOString(), level.toUpperCase(), message];
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value !== undefined) parts.push(`${key}=${String(value)}`);
  }
  const line = parts.join(' ');
  if (level === 'info') console.log(line);
  else console.error(line);
};

export const silentLogger: Logger = () => {};
