/**
 * Named moments of a join, as User Timing marks (`sealroom:<name>`), for `npm run bench -- join` to read from the page.
 * They carry no data beyond the name; the first mark of a name wins, so a bench sees the first time each happened.
 */
const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  marked.add(name);
  performance.mark(`sealroom:${name}`);
}
