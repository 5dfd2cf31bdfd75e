import { compareBytes, encodeFields, fromBase64Url, toBase64Url, utf8 } from './bytes';
import type { LocalMember, PeerHello } from './handshake';
import { labelBytes } from './kdf';
import type { ChatBody } from './messages';

/**
 * Chat (and any other app message) is signed with the sender's per-call Ed25519 key and then sent to each recipient
 * on its pair channel. The pair channel's AES-GCM keys already keep the server from reading or forging it; the
 * signature additionally stops one member from passing off a message as another's. The signed bytes bind the room,
 * the sender's session nonce and the exact set of recipients: a message cannot be replayed into another call or
 * session, and every recipient sees whom the sender addressed. A sender who shows different texts to different
 * members has to leave the others out of each copy, which each recipient sees (`recipients`).
 */

export interface ChatMessage {
  from: string;
  displayName: string;
  id: string;
  sentAt: number;
  text: string;
  /** Everyone the sender signed this message for, sorted (includes the receiving member). */
  recipients: readonly string[];
}

/** Sorted and unique, so the signed bytes do not depend on the order the sender happened to list them in. */
export function canonicalRecipients(recipients: Iterable<string>): string[] {
  return [...new Set(recipients)].sort((a, b) => compareBytes(utf8(a), utf8(b)));
}

function signedBytes(room: string, sender: string, senderNonce: Uint8Array, body: Omit<ChatBody, 't' | 'sig'>) {
  return encodeFields(labelBytes('chat'), room, sender, senderNonce, body.id, String(body.sentAt), body.text, encodeFields(...body.to));
}

export async function signChat(room: string, local: LocalMember, id: string, sentAt: number, text: string, recipients: readonly string[]): Promise<ChatBody> {
  const to = canonicalRecipients(recipients);
  const signature = await crypto.subtle.sign({ name: 'Ed25519' }, local.signing.privateKey, signedBytes(room, local.identity, local.nonce, { id, sentAt, text, to }));
  return { t: 'chat', id, sentAt, text, to, sig: toBase64Url(new Uint8Array(signature)) };
}

/** Null unless the signature is the peer's and the recipient set is canonical and includes `me`. */
export async function verifyChat(room: string, peer: PeerHello, me: string, body: ChatBody): Promise<ChatMessage | null> {
  const signature = fromBase64Url(body.sig);
  if (signature === null) return null;
  const canonical = canonicalRecipients(body.to);
  if (canonical.length !== body.to.length || canonical.some((identity, i) => identity !== body.to[i]) || !canonical.includes(me)) return null;
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, peer.signingKey, signature, signedBytes(room, peer.identity, peer.nonce, body)).catch(() => false);
  return ok ? { from: peer.identity, displayName: peer.displayName, id: body.id, sentAt: body.sentAt, text: body.text, recipients: canonical } : null;
}
