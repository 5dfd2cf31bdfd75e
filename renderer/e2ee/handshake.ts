import { bytesEqual, compareBytes, copyBytes, encodeFields, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { EnvelopeKind, openEnvelope, sealEnvelope } from './envelope';
import { hkdfAesKey, labelBytes } from './kdf';
import { HelloSchema, parseJson } from './messages';
import type { RoomKeys } from './room-keys';

/**
 * The hello a member sends to each other participant: per-call X25519 (agreement) and Ed25519 (signing) public keys,
 * a per-session nonce, the display name and start time (together: the session transcript), then the recipient, the
 * recipient's session nonce as the sender knows it, and the channel generations. It travels in a room envelope
 * addressed to that recipient, so only holders of the link secret can make or read one (the AES-GCM tag under a key
 * derived from the secret is the MAC), and it is signed, which proves possession of the signing key and binds the
 * transcript to this recipient's session and channel. A hello that names our current session nonce and channel
 * generation cannot be a replay: it was signed after our hello of this channel reached its sender.
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
  /** When this session started (ms, the member's own clock): orders sessions of one identity. */
  startedAt: number;
}

export interface PeerHello {
  identity: string;
  displayName: string;
  agreementPublic: Uint8Array;
  signingPublic: Uint8Array;
  nonce: Uint8Array;
  startedAt: number;
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
export async function createLocalMember(identity: string, displayName: string, randomBytes: RandomBytes, startedAt: number): Promise<LocalMember> {
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
    startedAt: Math.max(0, Math.floor(startedAt)),
  };
}

interface SessionFields {
  identity: string;
  name: string;
  agree: Uint8Array;
  sign: Uint8Array;
  nonce: Uint8Array;
  startedAt: number;
}

function helloTranscript(room: string, session: SessionFields) {
  const { identity, name, agree, sign, nonce, startedAt } = session;
  return encodeFields(labelBytes('hello'), room, identity, name, agree, sign, nonce, String(startedAt));
}

/**
 * The channel part of a hello, specific to one recipient: `gen` numbers the sender's pair-channel state for this
 * recipient (it grows whenever the sender starts that channel afresh, e.g. after the server reported the recipient
 * as gone and back), `seen` is the recipient's generation the sender currently knows (0: none). Pair keys depend on
 * both generations, so stale channel state on either side can never be mistaken for the current one.
 */
export interface HelloChannel {
  gen: number;
  seen: number;
  /** The recipient's session nonce as the sender knows it; null before the sender has read a hello of it. */
  peerNonce: Uint8Array | null;
}

function signedHelloBytes(transcript: Uint8Array, to: string, channel: HelloChannel) {
  return encodeFields(transcript, to, channel.peerNonce ?? new Uint8Array(0), channel.gen, channel.seen);
}

export async function sealHello(keys: RoomKeys, local: LocalMember, to: string, channel: HelloChannel, randomBytes: RandomBytes): Promise<Uint8Array> {
  const transcript = localTranscript(keys.room, local);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, local.signing.privateKey, signedHelloBytes(transcript, to, channel)));
  const hello = {
    t: 'hello',
    id: local.identity,
    to,
    name: local.displayName,
    agree: toBase64Url(local.agreementPublic),
    sign: toBase64Url(local.signingPublic),
    nonce: toBase64Url(local.nonce),
    start: local.startedAt,
    gen: channel.gen,
    seen: channel.seen,
    ...(channel.peerNonce ? { peer: toBase64Url(channel.peerNonce) } : {}),
    sig: toBase64Url(signature),
  };
  return sealEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: keys.room, from: local.identity, to }, utf8(JSON.stringify(hello)), randomBytes);
}

/** Opens and checks a hello from `from` (the identity the transport reports) to `to`; null when anything is wrong. */
export async function openHello(keys: RoomKeys, from: string, to: string, bytes: Uint8Array): Promise<{ peer: PeerHello; channel: HelloChannel } | null> {
  const plaintext = await openEnvelope(EnvelopeKind.Room, keys.envelopeKey, { room: keys.room, from, to }, bytes);
  if (plaintext === null) return null;
  const hello = parseJson(HelloSchema, fromUtf8(plaintext));
  if (hello === null || hello.id !== from || hello.to !== to) return null;
  const agreementPublic = fromBase64Url(hello.agree);
  const signingPublic = fromBase64Url(hello.sign);
  const nonce = fromBase64Url(hello.nonce);
  const signature = fromBase64Url(hello.sig);
  const peerNonce = hello.peer === undefined ? null : fromBase64Url(hello.peer);
  if (!agreementPublic || !signingPublic || !nonce || !signature || (hello.peer !== undefined && !peerNonce)) return null;
  const channel = { gen: hello.gen, seen: hello.seen, peerNonce };
  try {
    const signingKey = await crypto.subtle.importKey('raw', signingPublic, { name: 'Ed25519' }, true, ['verify']);
    const agreementKey = await crypto.subtle.importKey('raw', agreementPublic, { name: 'X25519' }, true, []);
    const startedAt = hello.start;
    const transcript = helloTranscript(keys.room, { identity: hello.id, name: hello.name, agree: agreementPublic, sign: signingPublic, nonce, startedAt });
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, signingKey, signature, signedHelloBytes(transcript, to, channel)))) return null;
    const peer = { identity: hello.id, displayName: hello.name, agreementPublic, signingPublic, nonce, startedAt, agreementKey, signingKey, transcript };
    return { peer, channel };
  } catch {
    return null;
  }
}

/**
 * Directional pair keys: X25519 shared secret → HKDF, salted with an HMAC (under a key derived from the room secret)
 * of both hello transcripts and both channel generations in a fixed order, with sender and recipient in the info. So
 * the keys are bound to this session and channel of both members and to the room secret, and each direction has its
 * own key (no reflection).
 */
export async function derivePairKeys(
  keys: RoomKeys,
  local: LocalMember,
  localGen: number,
  peer: PeerHello,
  peerGen: number,
): Promise<PairKeys | null> {
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer.agreementKey }, local.agreement.privateKey, 256));
  } catch {
    return null;
  }
  // A low-order public key yields the all-zero secret, which anyone could compute.
  if (bytesEqual(shared, new Uint8Array(shared.length))) return null;
  const mine = { transcript: localTranscript(keys.room, local), gen: localGen };
  const theirs = { transcript: peer.transcript, gen: peerGen };
  const [first, second] = compareBytes(utf8(local.identity), utf8(peer.identity)) < 0 ? [mine, theirs] : [theirs, mine];
  const saltInput = encodeFields(labelBytes('pair-salt'), first.transcript, second.transcript, first.gen, second.gen);
  const salt = new Uint8Array(await crypto.subtle.sign('HMAC', keys.pairSaltKey, saltInput));
  const info = (from: string, to: string) => encodeFields(labelBytes('pair-key'), keys.room, from, to);
  const send = await hkdfAesKey(shared, salt, info(local.identity, peer.identity));
  const receive = await hkdfAesKey(shared, salt, info(peer.identity, local.identity));
  shared.fill(0);
  return { send, receive };
}

export function localTranscript(room: string, local: LocalMember): Uint8Array {
  return helloTranscript(room, {
    identity: local.identity,
    name: local.displayName,
    agree: local.agreementPublic,
    sign: local.signingPublic,
    nonce: local.nonce,
    startedAt: local.startedAt,
  });
}
