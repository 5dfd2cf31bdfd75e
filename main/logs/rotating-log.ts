import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RotatingLogOptions {
  dir: string;
  /** `sealroom` → sealroom.log, then sealroom.1.log (older) … sealroom.<keep>.log. */
  name: string;
  /** A file is rotated before it would grow past this. */
  maxBytes: number;
  /** How many older files are kept besides the current one. */
  keep: number;
}

/**
 * An append-only log file that rotates by size: at most (keep + 1) × maxBytes on disk, whatever the app (or a
 * misbehaving renderer) writes. Lines are written synchronously, so the last lines before a crash are there.
 * A write that fails (disk full, folder removed) is dropped: logging must never take the app down.
 */
export function createRotatingLog(options: RotatingLogOptions) {
  const fileAt = (index: number) => path.join(options.dir, index === 0 ? `${options.name}.log` : `${options.name}.${index}.log`);
  let size: number | null = null;

  const currentSize = (): number => {
    if (size === null) {
      try {
        size = statSync(fileAt(0)).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };

  const rotate = (): void => {
    rmSync(fileAt(options.keep), { force: true });
    for (let index = options.keep - 1; index >= 0; index--) {
      try {
        renameSync(fileAt(index), fileAt(index + 1));
      } catch {
        // A gap in the series (never written, or removed by hand) is fine.
      }
    }
    size = 0;
  };

  return {
    dir: options.dir,
    /** Oldest first: the order their lines were written in. */
    files: (): string[] => Array.from({ length: options.keep + 1 }, (_, index) => fileAt(options.keep - index)),
    write(line: string): void {
      const text = `${line.replace(/[\r\n]+/g, ' ')}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        mkdirSync(options.dir, { recursive: true });
        if (currentSize() > 0 && currentSize() + bytes > options.maxBytes) rotate();
        appendFileSync(fileAt(0), text, { mode: 0o600 });
        size = currentSize() + bytes;
      } catch {
        size = null;
      }
    },
    /** The last `maxBytes` of everything still on disk, oldest line first, cut at a line boundary. */
    tail(maxBytes: number): string {
      let text = '';
      for (const file of this.files()) {
        try {
          text += readFileSync(file, 'utf8');
        } catch {
          // Not there (yet).
        }
      }
      if (text.length <= maxBytes) return text;
      const cut = text.slice(text.length - maxBytes);
      return cut.slice(cut.indexOf('\n') + 1);
    },
  };
}

export type RotatingLog = ReturnType<typeof createRotatingLog>;
