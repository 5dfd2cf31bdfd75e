/** A printable message for a caught value. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
