import { randomBytes } from 'node:crypto';

/** LiveKit-style ids: a type prefix and 12 random base62-ish characters (`RM_`, `PA_`, `TR_`). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newId(prefix: 'RM_' | 'PA_' | 'TR_'): string {
  const bytes = randomBytes(12);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A random participant identity for joins that did not ask for one (128 bits, base64url). */
export function newIdentity(): string {
  return randomBytes(16).toString('base64url');
}
