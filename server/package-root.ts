import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest folder at or above `from` holding a package.json: the repository when run from source (`server/`),
 * and the installed package when run from its build (`dist/server/`), so paths such as `dist/renderer` mean the same
 * in both.
 */
export function packageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
