export const repoRoot: string;
export function buildElectron(outDir?: string): Promise<void>;
