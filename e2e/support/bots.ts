import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface BotProcess {
  stop(): Promise<void>;
}

/**
 * Runs `npm run bots` in its own process, as an operator would: the bots' native SDK and its event loop stay apart
 * from the server and from Playwright, so neither starves the other. Resolves once every bot is in the room.
 */
export function spawnBots(options: { url: string; room: string; count: number; video: number; timeoutMs?: number }): Promise<BotProcess> {
  // `--room=` form: a room name may start with "-", which would otherwise read as an option.
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repoRoot, 'scripts', 'bots.ts'), `--url=${options.url}`, `--room=${options.room}`, `--count=${options.count}`, `--video=${options.video}`],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`bots did not all join within ${(options.timeoutMs ?? 240_000) / 1000} s; last output: ${output.slice(-400)}`));
    }, options.timeoutMs ?? 240_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/bots: \d+ in room/.test(output)) {
        clearTimeout(timer);
        resolve({ stop });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bots exited with code ${code}: ${output.slice(-400)}`));
    });
  });
}
