import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lint globals follow the folder's process, as the type check does (before, every folder had the browser's and Node's). */
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function globalsOf(file: string): Promise<string[]> {
  const config = (await eslint.calculateConfigForFile(path.join(root, file))) as { languageOptions?: { globals?: Record<string, unknown> } };
  return Object.keys(config.languageOptions?.globals ?? {});
}

describe('lint globals per folder', () => {
  it.each([
    ['renderer/App.tsx', ['window', 'document', 'navigator'], ['process', 'Buffer', 'require', '__dirname']],
    ['main/main.ts', ['process', 'Buffer', '__dirname'], ['window', 'document', 'HTMLElement']],
    ['server/index.ts', ['process', 'Buffer'], ['window', 'document']],
    ['scripts/build.mjs', ['process'], ['window', 'document']],
    ['shared/policy.ts', [], ['window', 'document', 'process', 'Buffer']],
    ['preload/preload.ts', ['window', 'Buffer', 'setImmediate'], ['process', 'require', '__dirname']],
  ])('%s has %j and not %j', async (file, present, absent) => {
    const globals = await globalsOf(file);
    for (const name of present) expect(globals).toContain(name);
    for (const name of absent) expect(globals).not.toContain(name);
  });

  it('reports a Node global in a browser-side script', async () => {
    const [result] = await eslint.lintText('export const where = process.cwd();\n', { filePath: path.join(root, 'renderer/x.mjs') });
    expect(result?.messages.map((m) => m.message)).toEqual(["'process' is not defined."]);
  });
});
