import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnIceServers } from './turn-servers';
import { UdpPortPool } from './udp-port-pool';

describe('UdpPortPool', () => {
  it('hands out each port once, oldest-released first, and says when a participant no longer fits', () => {
    const pool = new UdpPortPool({ min: 50000, max: 50002 });
    expect([pool.acquire(), pool.acquire()]).toEqual([50000, 50001]);
    expect(pool.exhausted()).toMatch(/UDP ports for media \(50000-50002\) are all in use/);
    pool.release(50000);
    expect(pool.exhausted()).toBeNull();
    expect(pool.acquire()).toBe(50002);
    expect(pool.acquire()).toBe(50000);
    expect(pool.acquire()).toBeNull();
    pool.release(40000);
    expect(pool.available).toBe(0);
  });
});

describe('turnIceServers', () => {
  it('gives coturn REST-API credentials that expire, computed with the shared secret', () => {
    const [server] = turnIceServers({ urls: ['turns:turn.example.com:5349'], secret: 'static-auth-secret', ttlS: 3600 }, () => 1_700_000_000_000);
    expect(server?.urls).toEqual(['turns:turn.example.com:5349']);
    expect(server?.username).toBe('1700003600:sealroom');
    expect(server?.credential).toBe(createHmac('sha1', 'static-auth-secret').update('1700003600:sealroom').digest('base64'));
  });

  it('gives bare URLs without a secret', () => {
    expect(turnIceServers({ urls: ['stun:stun.example.com:3478'], secret: null, ttlS: 0 })[0]?.username).toBe('');
  });
});
