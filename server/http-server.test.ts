import net from 'node:net';
import { AccessToken } from 'livekit-server-sdk';
import { WebSocket } from 'ws';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './index';
import { silentLogger } from './log';

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'sealroom-static-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(staticDir, 'app.js'), 'console.log(1)');
  server = await startServer({ port: 0, staticDir, logger: silentLogger });
});

afterAll(async () => {
  await server.close();
  await rm(staticDir, { recursive: true, force: true });
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/token`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('HTTP server', () => {
  it('binds loopback and reports its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves tokens with CORS for the desktop app', async () => {
    const response = await post(JSON.stringify({ room_name: ROOM }), { Origin: 'app://sealroom' });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('app://sealroom');
    const body = (await response.json()) as { server_url: string; participant_token: string };
    expect(body.server_url).toBe(server.url.replace('http', 'ws'));
    expect(body.participant_token.split('.')).toHaveLength(3);
    const preflight = await fetch(`${server.url}/api/token`, { method: 'OPTIONS', headers: { Origin: 'app://sealroom' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers bad input with JSON errors and keeps serving', async () => {
    const invalid = await post('{not json');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const huge = await post(JSON.stringify({ room_name: ROOM, participant_name: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    const badRoom = await post(JSON.stringify({ room_name: '../etc/passwd' }));
    expect(badRoom.status).toBe(400);
    expect(((await badRoom.json()) as { error: { message: string } }).error.message).toMatch(/room_name/);
    const get = await fetch(`${server.url}/api/token`);
    expect(get.status).toBe(405);
    expect((await post(JSON.stringify({ room_name: ROOM }))).status).toBe(201);
  });

  it('serves the web build at / and /r/<room>, files inside it only', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>app</title>');
    expect((await fetch(`${server.url}/r/${ROOM}`)).status).toBe(200);
    expect((await fetch(`${server.url}/r/not-a-room`)).status).toBe(404);
    const js = await fetch(`${server.url}/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
  });

  it('validates signalling v1 joins: the token first, then the join request', async () => {
    const response = await fetch(`${server.url}/rtc/v1/validate?access_token=x`, { headers: { Origin: 'app://sealroom' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('app://sealroom');
    const at = new AccessToken('devkey', 'secret', { identity: 'v1' });
    at.addGrant({ room: ROOM, roomJoin: true });
    const jwt = await at.toJwt();
    const missing = await fetch(`${server.url}/rtc/v1/validate?access_token=${jwt}`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('join_request is required on /rtc/v1');
    expect((await fetch(`${server.url}/rtc/v1/validate?access_token=${jwt}&join_request=AAAA`)).status).toBe(400);
    expect((await fetch(`${server.url}/rtc/validate?access_token=nope`)).status).toBe(401);
  });
});

describe('without a web build', () => {
  it('answers 503 telling to run npm run build', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'sealroom-empty-'));
    const bare = await startServer({ port: 0, staticDir: empty, logger: silentLogger });
    try {
      const response = await fetch(`${bare.url}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
      expect((await fetch(`${bare.url}/healthz`)).status).toBe(200);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('slow and excess clients', () => {
  /** Opens a raw TCP connection, writes `text`, and resolves with everything the server answered once it closes. */
  function raw(url: string, text: string): { answer: Promise<string>; socket: net.Socket } {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    const answer = new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve(received));
    });
    return { answer, socket };
  }

  it('answers 408 to a request whose headers or body do not arrive within seconds, and logs it', async () => {
    const lines: string[] = [];
    const slow = await startServer({ port: 0, staticDir, headersTimeoutMs: 300, requestTimeoutMs: 600, logger: (level, message) => lines.push(`${level} ${message}`) });
    try {
      const at = new AccessToken('devkey', 'secret', { identity: 'ws' });
      at.addGrant({ room: ROOM, roomJoin: true });
      const ws = new WebSocket(`${slow.wsUrl}/rtc?access_token=${await at.toJwt()}`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const started = Date.now();
      const body = raw(slow.url, `POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"room_`);
      const headers = raw(slow.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
      expect(await body.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout[\s\S]*not complete within/);
      expect(await headers.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(lines.filter((line) => line.includes('timed out'))).toHaveLength(1);
      // others are served meanwhile, and a signalling WebSocket outlives the request timeouts
      expect((await fetch(`${slow.url}/healthz`)).status).toBe(200);
      expect(ws.readyState).toBe(WebSocket.OPEN);
      ws.terminate();
    } finally {
      await slow.close();
    }
  });

  it('refuses connections over the cap with a 503 saying why, and serves again once some close', async () => {
    const lines: string[] = [];
    const capped = await startServer({ port: 0, staticDir, maxConnections: 2, logger: (level, message) => lines.push(`${level} ${message}`) });
    try {
      const idle = [raw(capped.url, ''), raw(capped.url, '')];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = raw(capped.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await refused.answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable[\s\S]*maximum of 2 connections/);
      expect(lines).toContain('warn connections refused: server at its connection cap');
      for (const { socket } of idle) socket.destroy();
      await Promise.all(idle.map(({ answer }) => answer));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${capped.url}/healthz`, { headers: { Connection: 'close' } })).status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});
