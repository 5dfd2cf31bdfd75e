import { z } from 'zod';

/** Reactions offered in the call; anything else on the wire is dropped. */
export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '😮'] as const;
export const CHAT_MAX_LENGTH = 2000;

/** Everything Sealroom sends between participants besides media. Validated on receipt; invalid messages are dropped. */
export const CallMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat'), id: z.string().min(1).max(64), text: z.string().min(1).max(CHAT_MAX_LENGTH) }).strict(),
  z.object({ type: z.literal('state'), handRaised: z.boolean() }).strict(),
  z.object({ type: z.literal('reaction'), emoji: z.enum(REACTIONS) }).strict(),
]);
export type CallMessage = z.infer<typeof CallMessageSchema>;

export const CALL_MESSAGE_TOPIC = 'sealroom.call.v1';
const MAX_MESSAGE_BYTES = 8 * 1024;

export function encodeCallMessage(message: CallMessage): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(message));
}

export function decodeCallMessage(bytes: Uint8Array): CallMessage | null {
  if (bytes.byteLength > MAX_MESSAGE_BYTES) return null;
  try {
    const parsed = CallMessageSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
