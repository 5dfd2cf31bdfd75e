import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  pid: number;
  url: string;
  wsUrl: string;
  port: number;
  /** Every line the server has logged so far. */
  lines: string[];
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * `server/cli.ts` in its own Node process (no tsx wrapper process, so `pid` is the server's own): what an operator
 * runs, and a process whose file descriptors and memory belong to the server alone. Resolves once it is listening.
 */
export function spawnServerProcess(options: { port?: number; args?: readonly string[] } = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'cli.ts'), '--port', String(options.port ?? 0), ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const read = (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
  };
  child.stdout?.on('data', read);
  child.stderr?.on('data', read);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s: ${lines.slice(-5).join(' | ')}`)), 30_000);
    const check = setInterval(() => {
      const ready = lines.map((line) => /listening on (http:\/\/\S+)/.exec(line)).find((match) => match);
      if (!ready?.[1]) return;
      clearInterval(check);
      clearTimeout(timer);
      const url = ready[1];
      resolve({
        pid: child.pid ?? 0,
        url,
        wsUrl: url.replace(/^http/, 'ws'),
        port: Number(new URL(url).port),
        lines,
        exited,
        kill: async (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    }, 20);
    void exited.then(() => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready: ${lines.slice(-5).join(' | ')}`));
    });
  });
}

/** Open file descriptors of a process (what `/proc/self/fd` lists inside it). */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident memory of a process, in MB. */
export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}
