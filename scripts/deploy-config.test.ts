import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENVIRONMENT_NAMES, readServerConfig, USAGE } from '../server/config/server-config';
import { DEFAULT_ABUSE_LIMITS, DEFAULT_JOIN_LIMIT } from '../server/limits/abuse-limits';
import { ROOM_DEPARTURE_TIMEOUT_S, ROOM_EMPTY_TIMEOUT_S } from '../server/token-service';

/**
 * What can be checked about the deployment files without Docker or a real LiveKit: they parse, and the ports,
 * addresses, keys, URLs and variable names agree between deploy/livekit/compose.yaml, livekit.yaml, the Caddyfile,
 * .env.example, the Dockerfile, the systemd unit and the token service's own settings (which must accept what
 * compose and the unit give it).
 */
const root = path.join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const ServiceSchema = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string() }).optional(),
  network_mode: z.string().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).default({}),
  volumes: z.array(z.string()).default([]),
});
const ComposeSchema = z.object({ services: z.record(z.string(), ServiceSchema), volumes: z.record(z.string(), z.unknown()).optional() });
const LivekitSchema = z.object({
  port: z.number(),
  bind_addresses: z.array(z.string()),
  rtc: z.object({ port_range_start: z.number(), port_range_end: z.number(), tcp_port: z.number(), use_external_ip: z.boolean() }),
  redis: z.object({ address: z.string() }),
  room: z.object({ max_participants: z.number(), empty_timeout: z.number(), departure_timeout: z.number() }),
  turn: z.object({ enabled: z.boolean(), udp_port: z.number(), tls_port: z.number() }),
  keys: z.never().optional(),
});

const compose = ComposeSchema.parse(parse(read('deploy/livekit/compose.yaml')));
const livekit = LivekitSchema.parse(parse(read('deploy/livekit/livekit.yaml')));
const caddyfile = read('deploy/livekit/Caddyfile');
const dotenv = Object.fromEntries(
  read('deploy/livekit/.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

function service(name: string): z.infer<typeof ServiceSchema> {
  const found = compose.services[name];
  if (!found) throw new Error(`compose.yaml has no ${name} service`);
  return found;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}` with the values of .env.example. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::[-?][^}]*)?\}/g, (_match, name: string) => {
    const known = dotenv[name];
    if (known === undefined) throw new Error(`\${${name}} is not in .env.example`);
    return known;
  });
}

/** Caddyfile site blocks: `{$VAR} { reverse_proxy host:port }`. */
function caddySites(): Map<string, string | null> {
  const sites = new Map<string, string | null>();
  for (const match of caddyfile.matchAll(/^\{\$([A-Z_]+)\} \{\n([\s\S]*?)^\}/gm)) {
    sites.set(match[1] ?? '', /reverse_proxy (\S+)/.exec(match[2] ?? '')?.[1] ?? null);
  }
  return sites;
}

describe('deploy/livekit', () => {
  it('names only variables .env.example defines, and Caddy gets each one its Caddyfile uses', () => {
    for (const each of Object.values(compose.services)) for (const value of Object.values(each.environment)) interpolate(value);
    const caddyVariables = [...caddyfile.matchAll(/\{\$([A-Z_]+)\}/g)].map((match) => match[1]);
    for (const name of caddyVariables) expect(Object.keys(service('caddy').environment), `caddy's environment lacks ${name}`).toContain(name);
  });

  it('keeps keys out of livekit.yaml and gives LiveKit and the token service the same key and secret', () => {
    expect(read('deploy/livekit/livekit.yaml')).not.toMatch(/^keys:/m);
    expect(interpolate(service('livekit').environment.LIVEKIT_KEYS ?? '')).toBe(`${dotenv.LIVEKIT_API_KEY}: ${dotenv.LIVEKIT_API_SECRET}`);
    const sealroom = service('sealroom').environment;
    expect(interpolate(sealroom.LIVEKIT_API_KEY ?? '')).toBe(dotenv.LIVEKIT_API_KEY);
    expect(interpolate(sealroom.LIVEKIT_API_SECRET ?? '')).toBe(dotenv.LIVEKIT_API_SECRET);
  });

  it('routes each domain to the port its service listens on, and LiveKit only behind Caddy', () => {
    const sites = caddySites();
    const sealroom = service('sealroom').environment;
    expect(sites.get('SEALROOM_DOMAIN')).toBe(`${sealroom.SEALROOM_HOST}:${sealroom.SEALROOM_PORT}`);
    expect(sites.get('LIVEKIT_DOMAIN')).toBe(`127.0.0.1:${livekit.port}`);
    expect(livekit.bind_addresses).toEqual(['127.0.0.1']);
    expect(sites.has('TURN_DOMAIN')).toBe(true);
    // Clients go to LiveKit through Caddy; the token service reaches RoomService directly.
    expect(interpolate(sealroom.LIVEKIT_URL ?? '')).toBe(`wss://${dotenv.LIVEKIT_DOMAIN}`);
    expect(sealroom.LIVEKIT_API_URL).toBe(`http://127.0.0.1:${livekit.port}`);
    expect(sealroom.SEALROOM_TRUST_PROXY).toBe('x-forwarded');
  });

  it('points LiveKit at the Redis compose runs, and TURN at the certificate Caddy keeps for the TURN domain', () => {
    const command = service('redis').command ?? [];
    const redis = `${command[command.indexOf('--bind') + 1]}:${command[command.indexOf('--port') + 1]}`;
    expect(livekit.redis.address).toBe(redis);
    const env = service('livekit').environment;
    expect(env.LIVEKIT_TURN_DOMAIN).toBe('${TURN_DOMAIN}');
    expect(service('livekit').volumes).toContain('caddy-data:/caddy-data:ro');
    expect(service('caddy').volumes).toContain('caddy-data:/data');
    for (const file of [env.LIVEKIT_TURN_CERT, env.LIVEKIT_TURN_KEY]) expect(file).toMatch(/^\/caddy-data\/caddy\/certificates\/[^/]+\/\$\{TURN_DOMAIN\}\/\$\{TURN_DOMAIN\}\.(crt|key)$/);
    expect(livekit.turn).toMatchObject({ enabled: true });
    expect(livekit.rtc.port_range_start).toBeLessThan(livekit.rtc.port_range_end);
  });

  it('gives LiveKit the room settings the token service writes into every token', () => {
    expect(livekit.room).toEqual({ max_participants: 100, empty_timeout: ROOM_EMPTY_TIMEOUT_S, departure_timeout: ROOM_DEPARTURE_TIMEOUT_S });
  });

  it("gives the token service settings it knows and accepts", () => {
    const env = Object.fromEntries(Object.entries(service('sealroom').environment).map(([name, value]) => [name, interpolate(value)]));
    for (const name of Object.keys(env)) expect(ENVIRONMENT_NAMES, `the token service does not read ${name}`).toContain(name);
    const config = readServerConfig([], env);
    if (!config.ok) throw new Error(config.message);
    expect(config.config).toMatchObject({ host: '127.0.0.1', port: 7890, trustProxy: 'x-forwarded', roomAdmission: null });
    expect(config.config.credentials).toMatchObject({ livekitUrl: `wss://${dotenv.LIVEKIT_DOMAIN}`, livekitApiUrl: `http://127.0.0.1:${livekit.port}` });
    expect(service('sealroom').build?.context).toBe('../..');
  });
});

describe('the image and the unit', () => {
  const dockerfile = read('Dockerfile');

  it('builds in one stage and runs the packed server as a non-root user in another, with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^HEALTHCHECK .*"dist\/server\/healthcheck\.js"\]$/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "--enable-source-maps", "dist\/server\/cli\.js"\]$/m);
    const port = /SEALROOM_PORT=(\d+)/.exec(runtime)?.[1];
    expect(runtime).toContain(`EXPOSE ${port}/tcp`);
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });

  it('starts the packed server from the folder the unit names, with an environment file the server accepts', () => {
    const unit = read('deploy/systemd/sealroom-server.service');
    const workdir = /^WorkingDirectory=(.+)$/m.exec(unit)?.[1];
    expect(unit).toMatch(new RegExp(`^ExecStart=/usr/bin/node --enable-source-maps ${workdir}/dist/server/cli\\.js$`, 'm'));
    expect(unit).toMatch(/^User=sealroom$/m);
    const env = Object.fromEntries(
      read('deploy/systemd/sealroom-server.env')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    for (const name of Object.keys(env)) expect(ENVIRONMENT_NAMES).toContain(name);
    const config = readServerConfig([], env);
    if (!config.ok) throw new Error(config.message);
    expect(config.config).toMatchObject({ trustProxy: 'x-forwarded', externalIp: '203.0.113.10', udpPorts: { min: 50000, max: 50199 } });
  });
});

describe('docs/deploy.md', () => {
  it('documents every setting the server reads, and the paths and defaults it names are the real ones', () => {
    const doc = read('docs/deploy.md');
    for (const name of ENVIRONMENT_NAMES) expect(doc, name).toContain(name.replace(/^SEALROOM_CREATE_(ISSUER|AUDIENCE)$/, '_$1'));
    for (const flag of USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)) expect(doc, flag[1]).toContain(`\`${flag[1]}`);
    const unit = read('deploy/systemd/sealroom-server.service');
    expect(doc).toContain(`\`${/^WorkingDirectory=(.+)$/m.exec(unit)?.[1]}\``);
    expect(doc).toContain(`${DEFAULT_ABUSE_LIMITS.maxRooms} |`);
    expect(doc).toContain(`${DEFAULT_ABUSE_LIMITS.maxParticipants} |`);
    expect(doc).toContain(`| ${DEFAULT_JOIN_LIMIT.burst} |`);
    expect(doc).toContain(`${DEFAULT_JOIN_LIMIT.burst} at once, then ${DEFAULT_JOIN_LIMIT.perMinute / 60} a second`);
  });
});
