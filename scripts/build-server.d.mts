export function buildServer(outDir?: string): Promise<{ packages: string[] }>;
