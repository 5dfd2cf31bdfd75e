import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEV_API_KEY, DEV_API_SECRET } from '../../server/credentials';
import { startServer, type RunningServer, type ServerOptions } from '../../server/index';
import { silentLogger } from '../../server/log';
import { mintJoinToken } from '../../server/token-service';

const here = path.dirname(fileURLToPath(import.meta.url));
let harnessSource: Promise<string> | null = null;

/** The livekit-client harness as one IIFE script, built once per worker. */
export function harnessScript(): Promise<string> {
  harnessSource ??= build({
    entryPoints: [path.join(here, 'harness', 'livekit-harness.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return harnessSource;
}

export interface TestServer extends RunningServer {
  staticDir: string;
}

/** A server on a random loopback port serving a blank page (the harness page), not the app. */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const staticDir = await mkdtemp(path.join(os.tmpdir(), 'sealroom-server-e2e-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>harness</title><body></body>');
  const server = await startServer({ port: 0, host: '127.0.0.1', staticDir, logger: process.env.SERVER_LOG ? undefined : silentLogger, ...options });
  return {
    ...server,
    staticDir,
    close: async () => {
      await server.close();
      await rm(staticDir, { recursive: true, force: true });
    },
  };
}

export function newRoomName(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A join token for `room`. Without `identity`, the server's token endpoint's (which always picks the identity
 * itself); with one, the operator's own token for that identity, signed here with the dev credentials as the token
 * service signs its tokens (tests name their participants to tell them apart).
 */
export async function fetchToken(server: { url: string }, room: string, identity?: string): Promise<{ server_url: string; participant_token: string }> {
  if (identity !== undefined) {
    const participant_token = await mintJoinToken({ apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET }, { room, identity, name: identity, maxParticipants: 100 });
    return { server_url: server.url.replace(/^http/, 'ws'), participant_token };
  }
  const response = await fetch(`${server.url}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ room_name: room, participant_name: 'guest' }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { server_url: string; participant_token: string };
}

export interface HarnessPage {
  context: BrowserContext;
  page: Page;
}

/**
 * livekit-client's signalling paths: `v1` (`/rtc/v1`, one peer connection, its default) and `v0` (`/rtc`, a publisher
 * and a subscriber connection, with `singlePeerConnection: false`; what @livekit/rtc-node speaks).
 */
export type SignalPath = 'v1' | 'v0';
export const SIGNAL_PATHS: readonly SignalPath[] = ['v1', 'v0'];

/**
 * A fresh browser context (its own profile, fake devices allowed) with the harness loaded, on the server's origin,
 * taking signalling `path` (v1 unless told). The page is `/healthz`, which every server has: on a server that also
 * serves the app, `/` would load the app.
 */
export async function openHarness(browser: Browser, server: { url: string }, path: SignalPath = 'v1'): Promise<HarnessPage> {
  // The harness is injected as an inline script into a page the server serves under the app's CSP, which (rightly)
  // forbids inline scripts; this test-only page is exempt.
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], bypassCSP: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (process.env.HARNESS_LOG) console.log(`[page] ${message.text()}`);
  });
  await page.goto(`${server.url}/healthz`);
  await page.addScriptTag({ content: `window.__signalPath = ${JSON.stringify(path)};` });
  await page.addScriptTag({ content: await harnessScript() });
  return { context, page };
}

let e2eeWorker: Promise<string> | null = null;

/** livekit-client's E2EE worker as source text, for the harness to start from a blob. */
export function e2eeWorkerSource(): Promise<string> {
  e2eeWorker ??= readFile(createRequire(import.meta.url).resolve('livekit-client/e2ee-worker'), 'utf8');
  return e2eeWorker;
}

/** Video frames decoded and packets received from one sender, at a harness page. */
export async function videoFrom(page: Page, identity: string): Promise<{ framesDecoded: number; packetsReceived: number }> {
  const stats = await page.evaluate(() => window.harness.stats());
  const video = stats.filter((s) => s.participant === identity && s.kind === 'video');
  return {
    framesDecoded: video.reduce((n, s) => n + s.framesDecoded, 0),
    packetsReceived: video.reduce((n, s) => n + s.packetsReceived, 0),
  };
}
