import { decodeBase64Url, encodeBase64Url } from '../../shared/base64url';

/**
 * Byte helpers shared by the E2EE modules. Every structure that is hashed, signed or used as associated data is
 * built with `encodeFields`, so two different field lists can never produce the same bytes.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding; returns null for invalid input instead of inserting replacement characters. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Each field as a 4-byte big-endian length followed by its bytes: an unambiguous encoding of a field list. */
export function encodeFields(...fields: readonly (Uint8Array | string | number)[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? utf8(field) : typeof field === 'number' ? uint32(field) : field;
    parts.push(uint32(bytes.length), bytes);
  }
  return concatBytes(...parts);
}

export function uint32(value: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError('uint32 out of range');
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64Url(bytes);
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  const bytes = decodeBase64Url(text);
  return bytes === null ? null : new Uint8Array(bytes);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Lexicographic byte order, used wherever both sides of a pair must agree on an order without talking. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** WebCrypto wants BufferSource backed by an ArrayBuffer; copying also detaches us from caller-owned buffers. */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
