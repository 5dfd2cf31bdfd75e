import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let i = 0; i < 150; i++) {
      const match = pattern.exec(output);
      if (match) return match;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern}; output: ${output}`);
  };
  return { child, exited, waitFor, output: () => output };
}

describe('npm run server (server/cli.ts)', () => {
  it('prints its URL when ready and stops cleanly on SIGINT', async () => {
    const cli = runCli(['--port', '0']);
    const [, url] = await cli.waitFor(/Sealroom server listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${url}/healthz`);
    expect(await health.text()).toBe('ok');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0']);
    await cli.waitFor(/listening on/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('warns when exposed with --host', async () => {
    const cli = runCli(['--port', '0', '--host']);
    await cli.waitFor(/listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(cli.output()).toMatch(/WARNING: listening on 0\.0\.0\.0/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('rejects a bad port with usage', async () => {
    const cli = runCli(['--port', 'abc']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('--port must be a whole number');
    expect(cli.output()).toContain('Usage: sealroom-server');
  });
});
