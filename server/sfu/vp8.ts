/**
 * Reads whether an RTP payload starts a VP8 key frame (RFC 7741). Livekit's E2EE leaves the payload
 * descriptor and the first bytes of the frame header in clear, so this works on encrypted frames.
 */
export function isVp8KeyFrameStart(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const first = payload[0] ?? 0;
  const extended = (first & 0x80) !== 0;
  const startOfPartition = (first & 0x10) !== 0;
  const partitionId = first & 0x07;
  if (!startOfPartition || partitionId !== 0) return false;
  let offset = 1;
  if (extended) {
    const x = payload[offset] ?? 0;
    offset++;
    if (x & 0x80) {
      const pictureId = payload[offset] ?? 0;
      offset += pictureId & 0x80 ? 2 : 1;
    }
    if (x & 0x40) offset++;
    if (x & 0x30) offset++;
  }
  if (offset >= payload.length) return false;
  return ((payload[offset] ?? 1) & 0x01) === 0;
}

/** Where the numbering fields of a VP8 payload descriptor sit (RFC 7741 §4.2), each null when absent. */
interface Vp8Fields {
  pictureId: { at: number; mask: number } | null;
  tl0PicIdx: number | null;
  keyIdx: number | null;
}

function vp8Fields(payload: Uint8Array): Vp8Fields | null {
  const first = payload[0];
  if (first === undefined || (first & 0x80) === 0 || payload.length < 2) return null;
  const x = payload[1] ?? 0;
  let offset = 2;
  let pictureId: Vp8Fields['pictureId'] = null;
  if (x & 0x80) {
    const long = ((payload[offset] ?? 0) & 0x80) !== 0;
    pictureId = { at: offset, mask: long ? 0x7fff : 0x7f };
    offset += long ? 2 : 1;
  }
  let tl0PicIdx: number | null = null;
  if (x & 0x40) tl0PicIdx = offset++;
  // TID/Y/KEYIDX share one byte, present when T or K is set; KEYIDX counts only with K
  const keyIdx = x & 0x10 ? offset : null;
  if (x & 0x30) offset++;
  return offset < payload.length ? { pictureId, tl0PicIdx, keyIdx } : null;
}

function readPictureId(payload: Uint8Array, field: { at: number; mask: number }): number {
  return field.mask === 0x7f ? (payload[field.at] ?? 0) & 0x7f : (((payload[field.at] ?? 0) & 0x7f) << 8) | (payload[field.at + 1] ?? 0);
}

function writePictureId(payload: Uint8Array, field: { at: number; mask: number }, value: number): void {
  if (field.mask === 0x7f) payload[field.at] = value & 0x7f;
  else {
    payload[field.at] = 0x80 | ((value >> 8) & 0x7f);
    payload[field.at + 1] = value & 0xff;
  }
}

/** `a` is newer than `b` in a counter that wraps at `mask + 1`. */
function newer(a: number, b: number, mask: number): boolean {
  const diff = (a - b) & mask;
  return diff !== 0 && diff <= mask >> 1;
}

/**
 * Keeps the picture IDs, TL0PICIDX and KEYIDX of one receiver's VP8 stream continuous when the server switches it to
 * another source (a simulcast layer, or the next track on a reused section), as it does for RTP sequence numbers.
 * Each layer has numbering of its own: without this, a switch makes the numbers jump, and a jump of more than half
 * their range reads as a step back, so the receiver drops every frame after the key frame as too old until it asks
 * for another key frame, seconds later. Under E2EE the descriptor is in clear, so this works on encrypted frames.
 */
export class Vp8Renumbering {
  private pictureIdOffset = 0;
  private tl0Offset = 0;
  private keyIdxOffset = 0;
  private lastPictureId: number | null = null;
  private lastTl0: number | null = null;
  private lastKeyIdx: number | null = null;

  /** Carries on from the numbering `previous` sent on the same receiver. */
  continueFrom(previous: Vp8Renumbering): void {
    this.lastPictureId = previous.lastPictureId;
    this.lastTl0 = previous.lastTl0;
    this.lastKeyIdx = previous.lastKeyIdx;
  }

  /** A new source starts with this key frame: it is numbered right after what went out last. */
  restart(keyFrame: Uint8Array): void {
    const fields = vp8Fields(keyFrame);
    if (!fields) return;
    if (fields.pictureId) {
      const { mask } = fields.pictureId;
      this.pictureIdOffset = this.lastPictureId === null ? 0 : (this.lastPictureId + 1 - readPictureId(keyFrame, fields.pictureId)) & mask;
    }
    if (fields.tl0PicIdx !== null) this.tl0Offset = this.lastTl0 === null ? 0 : (this.lastTl0 + 1 - (keyFrame[fields.tl0PicIdx] ?? 0)) & 0xff;
    if (fields.keyIdx !== null) this.keyIdxOffset = this.lastKeyIdx === null ? 0 : (this.lastKeyIdx + 1 - ((keyFrame[fields.keyIdx] ?? 0) & 0x1f)) & 0x1f;
  }

  /** The payload as it goes out: the same bytes when no number changes, else a renumbered copy (the original is shared). */
  rewrite(payload: Buffer): Buffer {
    const fields = vp8Fields(payload);
    if (!fields) return payload;
    const changes = (fields.pictureId && this.pictureIdOffset) || (fields.tl0PicIdx !== null && this.tl0Offset) || (fields.keyIdx !== null && this.keyIdxOffset);
    const out = changes ? Buffer.from(payload) : payload;
    if (fields.pictureId) {
      const { mask } = fields.pictureId;
      const value = (readPictureId(payload, fields.pictureId) + this.pictureIdOffset) & mask;
      if (this.pictureIdOffset) writePictureId(out, fields.pictureId, value);
      if (this.lastPictureId === null || newer(value, this.lastPictureId, mask)) this.lastPictureId = value;
    }
    if (fields.tl0PicIdx !== null) {
      const value = ((payload[fields.tl0PicIdx] ?? 0) + this.tl0Offset) & 0xff;
      if (this.tl0Offset) out[fields.tl0PicIdx] = value;
      if (this.lastTl0 === null || newer(value, this.lastTl0, 0xff)) this.lastTl0 = value;
    }
    if (fields.keyIdx !== null) {
      const byte = payload[fields.keyIdx] ?? 0;
      const value = ((byte & 0x1f) + this.keyIdxOffset) & 0x1f;
      if (this.keyIdxOffset) out[fields.keyIdx] = (byte & 0xe0) | value;
      if (this.lastKeyIdx === null || newer(value, this.lastKeyIdx, 0x1f)) this.lastKeyIdx = value;
    }
    return out;
  }
}
