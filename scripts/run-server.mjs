// Starts `server/cli.ts` as a child process and resolves with its URL once it prints that it is listening.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './build-electron.mjs';

export function runServer(args) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repoRoot, 'server', 'cli.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(buffer);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before it was ready`)));
  });
  return { child, ready };
}

export function stopOnSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGINT'));
}
