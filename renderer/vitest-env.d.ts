// What renderer unit tests have beyond the renderer's own environment (renderer/tsconfig.test.json only): they run
// under Vitest in Node and may read environment variables to size a run. Nothing else of Node: not its modules,
// not Buffer, not the rest of process.
declare const process: { readonly env: Readonly<Record<string, string | undefined>> };
