import { compareBytes, encodeFields, utf8 } from './bytes';
import { labelBytes, sha256 } from './kdf';

/**
 * The code members read aloud to each other. It is a hash of the room and, for every member this device has
 * verified (itself included), its identity, both public keys and its per-session hello nonce, sorted by identity.
 * Two devices show the same code exactly when they see the same members with the same keys; a server (or a link
 * holder it helps) that shows different people different member lists or substitutes keys changes the code.
 * The nonce plays the role of an epoch: anyone who leaves and comes back has a new nonce, so the code changes.
 */

export interface CodeMember {
  identity: string;
  signingPublic: Uint8Array;
  agreementPublic: Uint8Array;
  nonce: Uint8Array;
}

export const CODE_GROUPS = 5;

/** Five groups of four digits (about 66 bits), e.g. "0421 9930 1174 5082 6613". */
export async function computeSecurityCode(room: string, members: readonly CodeMember[]): Promise<string> {
  const sorted = [...members].sort((a, b) => compareBytes(utf8(a.identity), utf8(b.identity)));
  const fields = sorted.map((member) => encodeFields(member.identity, member.signingPublic, member.agreementPublic, member.nonce));
  const digest = await sha256(encodeFields(labelBytes('security-code'), room, sorted.length, ...fields));
  const view = new DataView(digest.buffer);
  const groups: string[] = [];
  for (let i = 0; i < CODE_GROUPS; i++) groups.push(String(view.getUint32(i * 4) % 10_000).padStart(4, '0'));
  return groups.join(' ');
}
