import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Unit tests are type-checked inside their folder's rules (renderer/tsconfig.test.json and friends), not by one
 * config with DOM + Node for all: each case compiles a probe test in a folder under that folder's test config.
 */
const root = path.resolve(import.meta.dirname, '..');

function errorsOf(folder: string, code: string): string[] {
  const configFile = path.join(root, folder, 'tsconfig.test.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const probe = path.join(root, folder, 'boundary-probe.test.ts');
  const options = { ...parsed.options, composite: false, declaration: false, emitDeclarationOnly: false, noEmit: true, incremental: false };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.fileExists = (file) => file === probe || fileExists(file);
  host.getSourceFile = (file, language) => (file === probe ? ts.createSourceFile(file, code, language) : getSourceFile(file, language));
  // The probe and the folder's ambient declarations (renderer/vitest-env.d.ts): what a real test there sees.
  const ambient = parsed.fileNames.filter((file) => file.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [probe, ...ambient], options, host });
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

const TEST_HEADER = "import { expect, it } from 'vitest';\n";

describe('each folder type-checks its tests with its own rules', () => {
  it.each([
    ['Buffer', "it('x', () => expect(Buffer.from('x')).toBeTruthy());", /Cannot find name 'Buffer'/],
    ['process.cwd()', "it('x', () => expect(process.cwd()).toBeTruthy());", /Property 'cwd' does not exist/],
    ['a Node module', "import { readFileSync } from 'node:fs';\nit('x', () => expect(readFileSync).toBeTruthy());", /Cannot find module 'node:fs'/],
  ])('a renderer test may not use Node: %s', (_name, body, error) => {
    expect(errorsOf('renderer', TEST_HEADER + body)).toEqual([expect.stringMatching(error)]);
  });

  it('a renderer test has the DOM, and of Node only the environment variables', () => {
    const body = "it('x', () => expect([document.title, window.location.href, process.env.RUNS, typeof crypto.subtle]).toBeTruthy());";
    expect(errorsOf('renderer', TEST_HEADER + body)).toEqual([]);
  });

  it('a main test has Node but no DOM', () => {
    expect(errorsOf('main', TEST_HEADER + "it('x', () => expect([process.platform, Buffer.from('x')]).toBeTruthy());")).toEqual([]);
    expect(errorsOf('main', TEST_HEADER + "it('x', () => expect(document.title).toBeTruthy());")).toEqual([expect.stringMatching(/Cannot find name 'document'/)]);
  });

  it.each([
    ['window', "it('x', () => expect(window).toBeTruthy());"],
    ['process', "it('x', () => expect(process.env).toBeTruthy());"],
  ])('a shared test has neither the DOM nor Node: %s', (name, body) => {
    expect(errorsOf('shared', TEST_HEADER + body)).toEqual([expect.stringContaining(`Cannot find name '${name}'`)]);
  });

  it('npm run typecheck builds every folder test config', () => {
    const solution = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { references: Array<{ path: string }> };
    const built = solution.references.map((reference) => path.normalize(reference.path));
    for (const folder of ['shared', 'main', 'renderer', 'server']) expect(built).toContain(path.join(folder, 'tsconfig.test.json'));
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.typecheck).toMatch(/^tsc -b\b/);
  });
});
