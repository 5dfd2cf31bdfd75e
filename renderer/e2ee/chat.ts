import { encodeFields, fromBase64Url, toBase64Url } from './bytes';
import type { LocalMember, PeerHello } from './handshake';
import { labelBytes } from './kdf';
import type { ChatBody } from './messages';

/**
 * Chat (and any other app message) is signed with the sender's per-call Ed25519 key and then sent to each verified
 * member on its pair channel. The pair channel's AES-GCM keys already keep the server from reading or forging it;
 * the signature additionally stops one member from passing off a message as another's and makes every recipient
 * check the same statement. The signed bytes bind the room and the sender's session nonce, so a message cannot be
 * replayed into another call or another session.
 */

export interface ChatMessage {
  from: string;
  displayName: string;
  id: string;
  sentAt: number;
  text: string;
}

function signedBytes(room: string, sender: string, senderNonce: Uint8Array, id: string, sentAt: number, text: string) {
  return encodeFields(labelBytes('chat'), room, sender, senderNonce, id, String(sentAt), text);
}

export async function signChat(room: string, local: LocalMember, id: string, sentAt: number, text: string): Promise<ChatBody> {
  const signature = await crypto.subtle.sign({ name: 'Ed25519' }, local.signing.privateKey, signedBytes(room, local.identity, local.nonce, id, sentAt, text));
  return { t: 'chat', id, sentAt, text, sig: toBase64Url(new Uint8Array(signature)) };
}

export async function verifyChat(room: string, peer: PeerHello, body: ChatBody): Promise<ChatMessage | null> {
  const signature = fromBase64Url(body.sig);
  if (signature === null) return null;
  const ok = await crypto.subtle
    .verify({ name: 'Ed25519' }, peer.signingKey, signature, signedBytes(room, peer.identity, peer.nonce, body.id, body.sentAt, body.text))
    .catch(() => false);
  return ok ? { from: peer.identity, displayName: peer.displayName, id: body.id, sentAt: body.sentAt, text: body.text } : null;
}
