import { createSocket, type Socket } from 'node:dgram';

/**
 * A STUN binding responder on 127.0.0.1 for werift's own use. werift always asks some STUN server
 * for a server-reflexive candidate, and with `iceServers: []` it falls back to Google's public one —
 * a DNS lookup and a packet off the machine for every peer connection. Pointing it here keeps ICE
 * gathering on this host and instant.
 */
const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020;

export function bindingResponse(request: Buffer, address: string, port: number): Buffer | null {
  if (request.length < 20 || request.readUInt16BE(0) !== BINDING_REQUEST || request.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
  const response = Buffer.alloc(32);
  response.writeUInt16BE(BINDING_SUCCESS, 0);
  response.writeUInt16BE(12, 2);
  request.copy(response, 4, 4, 20);
  response.writeUInt16BE(XOR_MAPPED_ADDRESS, 20);
  response.writeUInt16BE(8, 22);
  response.writeUInt8(0, 24);
  response.writeUInt8(0x01, 25);
  response.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 26);
  const ip = ((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0);
  response.writeUInt32BE((ip ^ MAGIC_COOKIE) >>> 0, 28);
  return response;
}

export interface LoopbackStun {
  port: number;
  close(): Promise<void>;
}

export async function startLoopbackStun(): Promise<LoopbackStun> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    const response = bindingResponse(message, remote.address, remote.port);
    if (response) socket.send(response, remote.port, remote.address);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
