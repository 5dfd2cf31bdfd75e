import { bytesEqual, compareBytes, copyBytes, encodeFields, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { BROADCAST, EnvelopeKind, openEnvelope, sealEnvelope } from './envelope';
import { hkdfAesKey, labelBytes } from './kdf';
import { HelloSchema, parseJson } from './messages';
import type { RoomKeys } from './room-keys';

/**
 * The hello every member sends to introduce itself: per-call X25519 (agreement) and Ed25519 (signing) public keys, a
 * fresh nonce and the display name. It travels in a room envelope, so only holders of the link secret can make or
 * read one (the AES-GCM tag under a key derived from the secret is the MAC), and it is signed, which proves
 * possession of the signing key and binds both keys, name and nonce together.
 */

export type RandomBytes = (length: number) => Uint8Array;

export interface LocalMember {
  identity: string;
  displayName: string;
  agreement: CryptoKeyPair;
  signing: CryptoKeyPair;
  agreementPublic: Uint8Array;
  signingPublic: Uint8Array;
  nonce: Uint8Array;
}

export interface PeerHello {
  identity: string;
  displayName: string;
  agreementPublic: Uint8Array;
  signingPublic: Uint8Array;
  nonce: Uint8Array;
  agreementKey: CryptoKey;
  signingKey: CryptoKey;
  /** The signed transcript bytes; pair keys are bound to both members' transcripts. */
  transcript: Uint8Array;
}

export interface PairKeys {
  send: CryptoKey;
  receive: CryptoKey;
}

/** Per-call key pairs; private keys are non-extractable and never leave WebCrypto. */
export async function createLocalMember(identity: string, displayName: string, randomBytes: RandomBytes): Promise<LocalMember> {
  const agreement = (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as CryptoKeyPair;
  const signing = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    identity,
    displayName,
    agreement,
    signing,
    agreementPublic: new Uint8Array(await crypto.subtle.exportKey('raw', agreement.publicKey)),
    signingPublic: new Uint8Array(await crypto.subtle.exportKey('raw', signing.publicKey)),
    nonce: copyBytes(randomBytes(16)),
  };
}

function helloTranscript(room: string, identity: string, name: string, agree: Uint8Array, sign: Uint8Array, nonce: Uint8Array) {
  return encodeFields(labelBytes('hello'), room, identity, name, agree, sign, nonce);
}

export async function sealHello(keys: RoomKeys, local: LocalMember, randomBytes: RandomBytes): Promise<Uint8Array> {
  const transcript = helloTranscript(keys.room, local.identity, local.displayName, local.agreementPublic, local.signingPublic, local.nonce);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, local.signing.privateKey, transcript));
  const hello = {
    t: 'hello',
    id: local.identity,
    name: local.displayName,
    agree: toBase64Url(local.agreementPublic),
    sign: toBase64Url(local.signingPublic),
    nonce: toBase64Url(local.nonce),
    sig: toBase64Url(signature),
  };
  return sealEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: keys.room, from: local.identity, to: BROADCAST }, utf8(JSON.stringify(hello)), randomBytes);
}

/** Opens and checks a hello from `from` (the identity the transport reports); null when anything is wrong. */
export async function openHello(keys: RoomKeys, from: string, bytes: Uint8Array): Promise<PeerHello | null> {
  const plaintext = await openEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: keys.room, from, to: BROADCAST }, bytes);
  if (plaintext === null) return null;
  const hello = parseJson(HelloSchema, fromUtf8(plaintext));
  if (hello === null || hello.id !== from) return null;
  const agreementPublic = fromBase64Url(hello.agree);
  const signingPublic = fromBase64Url(hello.sign);
  const nonce = fromBase64Url(hello.nonce);
  const signature = fromBase64Url(hello.sig);
  if (!agreementPublic || !signingPublic || !nonce || !signature) return null;
  try {
    const signingKey = await crypto.subtle.importKey('raw', signingPublic, { name: 'Ed25519' }, true, ['verify']);
    const agreementKey = await crypto.subtle.importKey('raw', agreementPublic, { name: 'X25519' }, true, []);
    const transcript = helloTranscript(keys.room, hello.id, hello.name, agreementPublic, signingPublic, nonce);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, signingKey, signature, transcript))) return null;
    return { identity: hello.id, displayName: hello.name, agreementPublic, signingPublic, nonce, agreementKey, signingKey, transcript };
  } catch {
    return null;
  }
}

/**
 * Directional pair keys: X25519 shared secret → HKDF, salted with an HMAC (under a key derived from the room secret)
 * of both hello transcripts in a fixed order, with sender and recipient in the info. So the keys are bound to this
 * session of both members and to the room secret, and each direction has its own key (no reflection).
 */
export async function derivePairKeys(keys: RoomKeys, local: LocalMember, localTranscript: Uint8Array, peer: PeerHello): Promise<PairKeys | null> {
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer.agreementKey }, local.agreement.privateKey, 256));
  } catch {
    return null;
  }
  // A low-order public key yields the all-zero secret, which anyone could compute.
  if (bytesEqual(shared, new Uint8Array(shared.length))) return null;
  const [first, second] = compareBytes(utf8(local.identity), utf8(peer.identity)) < 0 ? [localTranscript, peer.transcript] : [peer.transcript, localTranscript];
  const salt = new Uint8Array(await crypto.subtle.sign('HMAC', keys.pairSaltKey, encodeFields(labelBytes('pair-salt'), first, second)));
  const info = (from: string, to: string) => encodeFields(labelBytes('pair-key'), keys.room, from, to);
  const send = await hkdfAesKey(shared, salt, info(local.identity, peer.identity));
  const receive = await hkdfAesKey(shared, salt, info(peer.identity, local.identity));
  shared.fill(0);
  return { send, receive };
}

export function localTranscript(room: string, local: LocalMember): Uint8Array {
  return helloTranscript(room, local.identity, local.displayName, local.agreementPublic, local.signingPublic, local.nonce);
}
