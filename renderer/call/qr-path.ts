import encodeQR from 'qr';

/** The QR modules of `text` (quiet zone included) as one SVG path: a unit square per dark module, drawn locally. */
export function qrSvgPath(text: string): { size: number; path: string } {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  let path = '';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size: modules.length, path };
}
