export function pruneLock(lock: { packages: Record<string, Record<string, unknown>> }, roots: string[]): Record<string, Record<string, unknown>>;
export function packServer(outDir: string): Promise<{ dependencies: Record<string, string> }>;
