import { describe, expect, it } from 'vitest';
import { readServerConfig } from './server-config';

const ok = (argv: string[], env: Record<string, string> = {}) => {
  const result = readServerConfig(argv, env);
  if (!result.ok) throw new Error(result.message);
  return result.config;
};
const refused = (argv: string[], env: Record<string, string> = {}) => {
  const result = readServerConfig(argv, env);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
};

const LIVEKIT = { LIVEKIT_URL: 'wss://livekit.example.com', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'a-livekit-api-secret' };

describe('server settings from flags and environment', () => {
  it('defaults to loopback, port 7880, no TLS, no proxy, the built-in limits', () => {
    expect(ok([])).toMatchObject({ port: 7880, host: '127.0.0.1', tls: null, trustProxy: 'off', allowedOrigins: null, externalIp: null, udpPorts: null, abuseLimits: {}, roomAdmission: null, turn: null });
  });

  it('reads every flag, and its environment variable when the flag is absent', () => {
    const config = ok(
      ['--port', '0', '--host', '--tls-cert', '/etc/cert.pem', '--tls-key=/etc/key.pem', '--trust-proxy', '--external-ip', '203.0.113.10', '--udp-ports', '50000-50199', '--token-rate', '30', '--join-rate', 'off'],
      { SEALROOM_ALLOWED_ORIGINS: 'https://Meet.example.com, app://sealroom', SEALROOM_MAX_ROOMS: '10', SEALROOM_PORT: '9999' },
    );
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      tls: { certFile: '/etc/cert.pem', keyFile: '/etc/key.pem' },
      trustProxy: 'x-forwarded',
      allowedOrigins: ['https://meet.example.com', 'app://sealroom'],
      externalIp: '203.0.113.10',
      udpPorts: { min: 50000, max: 50199 },
      abuseLimits: { tokenRequests: { burst: 30, perMinute: 30 }, joins: null, maxRooms: 10 },
    });
    expect(ok(['--trust-proxy', 'forwarded', '--host', '192.0.2.10']).trustProxy).toBe('forwarded');
  });

  it('reaps a real LiveKit\'s rooms unless told not to', () => {
    expect(ok([], LIVEKIT).roomReaper).toBe(true);
    expect(ok([], { ...LIVEKIT, SEALROOM_ROOM_REAPER: 'off' }).roomReaper).toBe(false);
  });

  it('reads rates a minute or a second, and a join burst on its own or with a rate', () => {
    expect(ok(['--token-rate', '2/s', '--join-rate', '30/min', '--join-burst', '50']).abuseLimits).toEqual({
      tokenRequests: { burst: 120, perMinute: 120 },
      joins: { burst: 50, perMinute: 30 },
    });
    expect(ok([], { SEALROOM_JOIN_BURST: '300' }).abuseLimits).toEqual({ joins: { burst: 300, perMinute: 1200 } });
    expect(ok(['--join-rate', '40/s']).abuseLimits).toEqual({ joins: { burst: 120, perMinute: 2400 } });
  });

  it('takes secrets from the environment only', () => {
    const config = ok([], {
      SEALROOM_CREATE_SECRET: 'a-long-operator-secret',
      SEALROOM_CREATE_JWKS_URL: 'https://id.example.com/jwks',
      SEALROOM_CREATE_ISSUER: 'https://id.example.com',
      SEALROOM_CREATE_AUDIENCE: 'sealroom',
      SEALROOM_TURN_URLS: 'turns:turn.example.com:5349,turn:turn.example.com:3478',
      SEALROOM_TURN_SECRET: 'coturn-static-auth-secret',
    });
    expect(config.roomAdmission).toEqual({ secret: 'a-long-operator-secret', jwt: { jwksUrl: 'https://id.example.com/jwks', issuer: 'https://id.example.com', audience: 'sealroom' } });
    expect(config.turn).toMatchObject({ urls: ['turns:turn.example.com:5349', 'turn:turn.example.com:3478'], secret: 'coturn-static-auth-secret' });
    expect(refused(['--create-secret', 'x'])).toContain('unknown option');
  });

  it.each([
    [['--port', '70000'], {}, '--port must be from 0 to 65535'],
    [['--host', 'example.com'], {}, '--host must be an IP address'],
    [['--tls-cert', 'c.pem'], {}, 'give both --tls-cert and --tls-key'],
    [['--trust-proxy', 'yes'], {}, '--trust-proxy must be x-forwarded, forwarded or off'],
    [['--allowed-origins', 'https://meet.example.com/path'], {}, '--allowed-origins must be origins'],
    [['--external-ip', '::1'], {}, '--external-ip must be an IPv4 address'],
    [['--udp-ports', '50100-50000'], {}, '--udp-ports must be a range within 1024-65534'],
    [['--udp-ports', '50000-50100', '--host'], {}, '--udp-ports needs --external-ip'],
    [['--token-rate', 'fast'], {}, '--token-rate must be a rate such as 60/min or 20/s'],
    [['--join-rate', '0/s'], {}, '--join-rate must be at least 1'],
    [['--join-rate', 'off', '--join-burst', '5'], {}, '--join-burst has no effect with --join-rate off'],
    [['--max-rooms', '0'], {}, '--max-rooms must be from 1'],
    [['--room-reaper', 'off'], {}, '--room-reaper applies only in front of a real LiveKit'],
    [['--room-reaper', 'yes'], LIVEKIT, '--room-reaper must be on or off'],
    [['--port'], {}, '--port needs a value'],
    [[], { SEALROOM_PORT: 'x' }, 'SEALROOM_PORT must be a whole number'],
    [[], { SEALROOM_CREATE_SECRET: 'short' }, 'SEALROOM_CREATE_SECRET must be at least 16 characters'],
    [[], { SEALROOM_CREATE_JWKS_URL: 'https://id.example.com/jwks' }, 'set all three of SEALROOM_CREATE_JWKS_URL'],
    [[], { SEALROOM_CREATE_JWKS_URL: 'http://id.example.com/jwks', SEALROOM_CREATE_ISSUER: 'i', SEALROOM_CREATE_AUDIENCE: 'a' }, 'must be https://'],
    [[], { SEALROOM_TURN_URLS: 'https://turn.example.com' }, 'SEALROOM_TURN_URLS must be turn:'],
    [[], { SEALROOM_TURN_SECRET: 'coturn-static-auth-secret' }, 'SEALROOM_TURN_SECRET needs SEALROOM_TURN_URLS'],
    [[], { LIVEKIT_API_KEY: 'k' }, 'LIVEKIT_API_SECRET'],
  ])('refuses %j %j with a message naming the setting', (argv, env, message) => {
    expect(refused(argv, env)).toContain(message);
  });

  it('never repeats a secret in its messages', () => {
    expect(refused([], { SEALROOM_CREATE_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
  });
});
