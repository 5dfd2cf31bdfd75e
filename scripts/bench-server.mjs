// `npm run bench` (via scripts/bench.mjs, under tsx): figures for the local LiveKit-compatible server on
// this machine. Join time: connect() → first rendered remote video frame, in a fresh Chromium page.
// CPU per forwarded megabit: 1 publisher → 10 subscribers, the server's own CPU time (read from
// /proc for its process) over the bytes the subscribers received. Loopback only; stops by itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10);
const JOIN_TRIALS = 3;
const WARMUP_MS = 8000;
const MEASURE_MS = 15000;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const deadline = setTimeout(() => {
  console.error('bench-server: gave up after 4 minutes');
  process.exit(1);
}, 240_000);
deadline.unref();

function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'cli.ts'), '--port', '0'], {
    cwd: root,
    env: { ...process.env, LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(buffer);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited early (code ${code})`)));
  });
  return { child, ready };
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A token from the server's endpoint, which picks the identity itself; the name is only for reading logs. */
async function token(url, room, name) {
  const response = await fetch(`${url}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ room_name: room, participant_name: name }),
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  return response.json();
}

const harness = (
  await build({
    entryPoints: [path.join(root, 'e2e', 'server', 'harness', 'livekit-harness.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
).outputFiles[0].text;

const server = startServer();
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
try {
  const url = await server.ready;
  const room = randomBytes(16).toString('base64url');
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });

  async function participant(identity, publish, attach) {
    const page = await context.newPage();
    // any same-origin page of the server will do; the harness replaces the app
    await page.goto(`${url}/healthz`);
    await page.addScriptTag({ content: harness });
    const t = await token(url, room, identity);
    await page.evaluate(([u, k, p, a]) => window.harness.connect(u, k, { publish: p, attach: a }), [t.server_url, t.participant_token, publish, attach]);
    return page;
  }

  const publisher = await participant('publisher', true, false);
  await new Promise((r) => setTimeout(r, 3000));

  const joins = [];
  for (let i = 0; i < JOIN_TRIALS; i++) {
    const page = await participant(`joiner-${i}`, false, true);
    const started = Date.now();
    let ms = null;
    while (ms === null && Date.now() - started < 20_000) {
      ms = await page.evaluate(() => window.harness.joinToFirstFrameMs());
      if (ms === null) await new Promise((r) => setTimeout(r, 50));
    }
    joins.push(ms);
    await page.evaluate(() => window.harness.leave());
    await page.close();
  }
  const okJoins = joins.filter((ms) => ms !== null).sort((a, b) => a - b);

  const idleCpu0 = cpuSeconds(server.child.pid);
  await new Promise((r) => setTimeout(r, 5000));
  const idleCpu = (cpuSeconds(server.child.pid) - idleCpu0) / 5;

  const subscribers = [];
  for (let i = 0; i < SUBSCRIBERS; i++) subscribers.push(await participant(`sub-${i}`, false, false));
  await new Promise((r) => setTimeout(r, WARMUP_MS));

  const received = async () => {
    let bytes = 0;
    for (const page of subscribers) {
      const stats = await page.evaluate(() => window.harness.stats());
      bytes += stats.reduce((n, s) => n + s.bytesReceived, 0);
    }
    return bytes;
  };
  const bytes0 = await received();
  const cpu0 = cpuSeconds(server.child.pid);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const cpu1 = cpuSeconds(server.child.pid);
  const t1 = Date.now();
  const bytes1 = await received();
  const seconds = (t1 - t0) / 1000;
  const megabits = ((bytes1 - bytes0) * 8) / 1e6;
  const cpu = cpu1 - cpu0;
  const receiving = subscribers.length;

  console.log(`join time (connect → first remote frame), ${okJoins.length}/${JOIN_TRIALS} trials: ` +
    (okJoins.length ? `median ${Math.round(okJoins[Math.floor(okJoins.length / 2)])} ms, min ${Math.round(okJoins[0])} ms, max ${Math.round(okJoins[okJoins.length - 1])} ms` : 'no frame'));
  console.log(`server CPU with 1 publisher, no subscribers: ${(idleCpu * 100).toFixed(1)} % of a core`);
  console.log(`1 publisher → ${receiving} subscribers for ${seconds.toFixed(1)} s: forwarded ${(megabits / seconds).toFixed(2)} Mbit/s, server CPU ${((cpu / seconds) * 100).toFixed(1)} % of a core`);
  if (megabits > 0) {
    console.log(`CPU per forwarded megabit: ${((cpu / megabits) * 1000).toFixed(1)} ms (${(((cpu / seconds) * 100) / (megabits / seconds)).toFixed(1)} % of a core per Mbit/s)`);
  }
  await publisher.close();
} finally {
  await browser.close();
  server.child.kill('SIGINT');
}
process.exit(0);
