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
