import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '../support/fixtures';
import { RoomServiceClient } from 'livekit-server-sdk';
import { newRoomName } from './support';
import { openFds, residentMb, spawnServerProcess } from './server-process';

const CYCLES = 200;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Runs churn-driver.ts in its own process (the native SDK apart from the server and from Playwright). */
function runDriver(url: string, room: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('e2e', 'server', 'churn-driver.ts'), `--url=${url}`, `--room=${room}`, `--cycles=${CYCLES}`, '--parallel=3'],
    // production: the native SDK's debug log would be thousands of lines
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

test(`${CYCLES} join/leave cycles of rtc-node participants leave no file descriptors, rooms or participants behind`, async () => {
  test.setTimeout(240_000);
  // 200 token requests in seconds from one address are this test's load, not abuse.
  const server = await spawnServerProcess({ args: ['--token-rate', 'off'] });
  try {
    // let start-up settle (lazy module loads, the STUN responder) before taking the baseline
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fdsBefore = openFds(server.pid);
    const rssBefore = residentMb(server.pid);
    const started = Date.now();
    const { code, output } = await runDriver(server.url, newRoomName());
    const seconds = (Date.now() - started) / 1000;
    expect(code, output.slice(-2000)).toBe(0);
    const done = /churn: done (\d+) cycles, (\d+) failures/.exec(output);
    expect(Number(done?.[1]), output.slice(-2000)).toBe(CYCLES);
    // a join that times out on a loaded two-core machine is not what this test is about; a leak is
    expect(Number(done?.[2]), output.slice(-2000)).toBeLessThanOrEqual(5);

    const service = new RoomServiceClient(server.url, 'devkey', 'secret');
    await expect.poll(async () => (await service.listRooms()).length, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => openFds(server.pid), { timeout: 20_000 }).toBeLessThanOrEqual(fdsBefore + 5);
    const fdsAfter = openFds(server.pid);
    const left = server.lines.filter((line) => line.includes('participant left')).length;
    console.log(
      `churn: ${CYCLES} cycles in ${seconds.toFixed(0)} s; server fds ${fdsBefore} → ${fdsAfter}; ` +
        `RSS ${rssBefore} → ${residentMb(server.pid)} MB; ${left} leaves logged; rooms left: 0`,
    );
  } finally {
    await server.kill('SIGINT');
  }
});
