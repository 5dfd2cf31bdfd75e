import { z } from 'zod';

/**
 * Everything that can appear inside an envelope, validated with zod after decryption. Unknown fields, wrong sizes
 * and anything else fail validation and the packet is dropped.
 */

const base64Url = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/);

export const MAX_DISPLAY_NAME = 64;
export const MAX_MESSAGE_TEXT = 8000;
const MAX_COUNTER = 2 ** 31 - 1;
const counter = z.number().int().min(0).max(MAX_COUNTER);

/** Control and bidirectional-override characters would let a name impersonate another on screen. */
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export const DisplayNameSchema = z
  .string()
  .min(1)
  .max(MAX_DISPLAY_NAME)
  .refine((name) => name.trim() === name && !UNSAFE_NAME_CHARACTERS.test(name), 'unsafe display name');

/** Makes a user-chosen name acceptable to DisplayNameSchema, so other members do not reject our hello. */
export function normalizeDisplayName(name: string): string {
  const cleaned = [...name.replace(new RegExp(UNSAFE_NAME_CHARACTERS.source, 'g'), ' ')].slice(0, MAX_DISPLAY_NAME).join('').trim();
  return DisplayNameSchema.safeParse(cleaned).success ? cleaned : 'Guest';
}

export const HelloSchema = z
  .object({
    t: z.literal('hello'),
    id: z.string().min(1).max(256),
    to: z.string().min(1).max(256),
    name: DisplayNameSchema,
    agree: base64Url(32),
    sign: base64Url(32),
    nonce: base64Url(16),
    start: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    gen: counter.min(1),
    seen: counter,
    /** The recipient's session nonce, once the sender has read the recipient's hello. */
    peer: base64Url(16).optional(),
    sig: base64Url(64),
  })
  .strict();
export type Hello = z.infer<typeof HelloSchema>;

/** Identities are the server's; LiveKit caps them well below this. */
const identity = z.string().min(1).max(256);
/** Recipients a chat message was signed for; a call has at most 100 people. */
export const MAX_RECIPIENTS = 128;

/** Full media key of the sender for one epoch. */
export const KeyBodySchema = z.object({ t: z.literal('key'), epoch: counter, key: base64Url(32) }).strict();
/** The sender moved to `epoch` by deriving it from `epoch - 1` with the join label; the receiver derives it too. */
export const AdvanceBodySchema = z.object({ t: z.literal('advance'), epoch: counter.min(1) }).strict();
/** Signed by the sender over its text and the exact set of members it was sent to (sorted, unique). */
export const ChatBodySchema = z
  .object({
    t: z.literal('chat'),
    id: base64Url(16),
    sentAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    text: z.string().min(1).max(MAX_MESSAGE_TEXT),
    to: z.array(identity).min(1).max(MAX_RECIPIENTS),
    sig: base64Url(64),
  })
  .strict();
export type ChatBody = z.infer<typeof ChatBodySchema>;

export const PairBodySchema = z.discriminatedUnion('t', [KeyBodySchema, AdvanceBodySchema, ChatBodySchema]);
export type PairBody = z.infer<typeof PairBodySchema>;

/**
 * One message on a reliable, ordered pair channel: `seq` numbers messages carrying a body (starting at 1), `ack` is the
 * highest sequence number received in order from the other side. `seq: 0` carries no body. `hb` is the sender's
 * heartbeat counter on this channel and `hbAck` the highest heartbeat it has received from the other side: an
 * `hbAck` that grows can only come from the peer's live session (the envelope is authenticated under the pair key),
 * so it proves the peer was there after that heartbeat was sent.
 */
export const PairMessageSchema = z
  .object({ seq: counter, ack: counter, hb: counter, hbAck: counter, body: PairBodySchema.optional() })
  .strict()
  .refine((message) => (message.seq === 0) === (message.body === undefined), 'body iff seq > 0');
export type PairMessage = z.infer<typeof PairMessageSchema>;

/** Parses JSON text with a schema; null on any failure. */
export function parseJson<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
