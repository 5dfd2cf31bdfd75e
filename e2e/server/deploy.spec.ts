import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { packServer } from '../../scripts/pack-server.mjs';
import { selfSignedCert, type SelfSignedCert } from '../../server/testing/self-signed-cert';
import { harnessScript, newRoomName, videoFrom } from './support';

/**
 * The server as an operator deploys it: packed (`npm run pack:server`), installed in a fresh folder with
 * `npm ci --omit=dev` (so nothing from the repository's devDependencies can help), started with
 * `node dist/server/cli.js`, and a call made through it: over ws:// with an external address and a UDP port range,
 * and over https/wss with a self-signed certificate.
 */
test.describe.configure({ mode: 'serial' });

let folder: string;
let cert: SelfSignedCert;
const children: ChildProcess[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  folder = await mkdtemp(path.join(os.tmpdir(), 'sealroom-packed-'));
  await packServer(folder);
  await promisify(execFile)('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: folder, timeout: 200_000 });
  cert = await selfSignedCert();
});

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => {});
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await cert.remove();
});

/** Starts the installed server and resolves with the URL its ready line prints. */
function startPacked(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['dist/server/cli.js', '--port', '0', ...args], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Sealroom server listening on (https?:\/\/\S+)/.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the packed server exited (${code}): ${output}`)));
  });
}

/** A harness page on the server's own origin that asks the server's token endpoint, as the web app does, and joins. */
async function joinFromPage(browser: Browser, url: string, room: string): Promise<{ page: Page; serverUrl: string; identity: string }> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], bypassCSP: true, ignoreHTTPSErrors: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${url}/healthz`);
  await page.addScriptTag({ content: await harnessScript() });
  const answer = await page.evaluate(async (roomName) => {
    const response = await fetch('/api/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ room_name: roomName }) });
    return { status: response.status, body: (await response.json()) as { server_url: string; participant_token: string } };
  }, room);
  expect(answer.status).toBe(201);
  const joined = await page.evaluate(([serverUrl, token]) => window.harness.connect(serverUrl, token), [answer.body.server_url, answer.body.participant_token] as const);
  return { page, serverUrl: answer.body.server_url, identity: joined.identity };
}

async function expectVideoBetween(a: { page: Page; identity: string }, b: { page: Page; identity: string }): Promise<void> {
  for (const [viewer, sender] of [[a, b], [b, a]] as const) {
    await expect.poll(async () => (await videoFrom(viewer.page, sender.identity)).framesDecoded, { timeout: 45_000, message: `video from ${sender.identity}` }).toBeGreaterThan(10);
  }
}

test('the packed server, installed with npm ci --omit=dev, carries a call on an external address and a UDP port range', async ({ browser }) => {
  test.setTimeout(120_000);
  const low = 42000 + Math.floor(Math.random() * 1000) * 8;
  const url = await startPacked(['--external-ip', '127.0.0.1', '--udp-ports', `${low}-${low + 7}`]);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const room = newRoomName();
  const ada = await joinFromPage(browser, url, room);
  expect(ada.serverUrl).toBe(url.replace('http://', 'ws://'));
  const bob = await joinFromPage(browser, url, room);
  await expectVideoBetween(ada, bob);
  // The web app the package serves is there too, and the container's health check passes.
  expect(await (await fetch(`${url}/r/${room}`)).text()).toContain('<!doctype html>');
  const check = await promisify(execFile)(process.execPath, ['dist/server/healthcheck.js'], { cwd: folder, env: { SEALROOM_PORT: new URL(url).port } }).then(() => 0, (error: { code?: number }) => error.code ?? 1);
  expect(check).toBe(0);
});

test('the packed server with --tls-cert/--tls-key serves https and carries a call over wss://', async ({ browser }) => {
  test.setTimeout(120_000);
  const url = await startPacked(['--tls-cert', cert.certFile, '--tls-key', cert.keyFile]);
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const room = newRoomName();
  const ada = await joinFromPage(browser, url, room);
  expect(ada.serverUrl).toBe(url.replace('https://', 'wss://'));
  const bob = await joinFromPage(browser, url, room);
  await expectVideoBetween(ada, bob);
});
