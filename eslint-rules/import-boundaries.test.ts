import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PACKAGE_RUNTIMES } from './package-runtimes.mjs';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'sealroom/import-boundaries').map((m) => m.message);
}

describe('import-boundaries lint rule', () => {
  it.each([
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['renderer/x.ts', "import { createMainWindow } from '../main/window';\nexport const a = createMainWindow;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import React from 'react';\nexport const a = React;\n"],
    ['shared/x.ts', "import path from 'path';\nexport const a = path;\n"],
    ['preload/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['preload/x.ts', "import { webFrame } from 'electron';\nexport const a = webFrame;\n"],
    ['main/x.ts', "import { bridge } from '../renderer/bridge/bridge';\nexport const a = bridge;\n"],
    ['server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['server/x.ts', "export { App } from '../renderer/App';\n"],
    ['renderer/x.ts', "export const load = () => import('../server/index');\n"],
    ['main/x.ts', "const x = require('../preload/preload');\nexport default x;\n"],
    ['renderer/x.ts', "import { it } from 'vitest';\nexport const a = it;\n"],
  ])('fails %s importing across a boundary (%#)', async (file, code) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Bad layering/);
  });

  it.each([
    ['renderer/x.ts', "import { Room } from 'livekit-client';\nimport { parseRoomLink } from '../shared/room-link';\nexport const a = [Room, parseRoomLink];\n"],
    ['main/x.ts', "import { app } from 'electron';\nimport path from 'node:path';\nexport const a = [app, path];\n"],
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['preload/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
    ['server/x.ts', "import { isRoomName } from '../shared/room-link';\nexport const a = isRoomName;\n"],
    ['renderer/x.test.ts', "import fc from 'fast-check';\nimport { it } from 'vitest';\nit('runs', () => void fc);\n"],
    ['scripts/x.test.ts', "const load = (bundle: string) => require(bundle);\nexport default load;\n"],
  ])('allows %s (%#)', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});

/** Each way around the rule that issue 12 found, now reported. */
describe('import-boundaries: the closed bypasses', () => {
  it.each(['renderer', 'renderer/settings', 'main'])('finds the repo root from its own location when ESLint runs in %s/', async (cwd) => {
    const fromFolder = new ESLint({ cwd: path.join(root, cwd) });
    const errors = await boundaryErrors('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n", fromFolder);
    expect(errors).toEqual(['Bad layering: renderer/ may not import electron; go through the bridge in shared/bridge.ts.']);
  });

  it.each([
    ['a template literal', 'export const load = () => import(`../main/window`);\n', /^Bad layering: renderer\/ may not import from main\//],
    ['a template literal with an expression', 'export const load = (name: string) => import(`../main/${name}`);\n', /^Bad layering: renderer\/ may not import from main\//],
    ['a computed path inside the folder', 'export const load = (name: string) => import(`./locale/${name}.js`);\n', /computed path starting "\.\/locale\/", which cannot be checked/],
    ['a variable', 'export const load = (name: string) => import(name);\n', /computed path, which cannot be checked/],
    ['a computed Node built-in', 'export const load = (name: string) => import(`node:${name}`);\n', /Node is not available/],
  ])('reports a dynamic import of %s', async (_name, code, message) => {
    const errors = await boundaryErrors('renderer/x.ts', code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['renderer/x.ts', "import window = require('../main/window');\nexport default window;\n", /renderer\/ may not import from main\//],
    ['shared/x.ts', "import fs = require('node:fs');\nexport default fs;\n", /shared\/ runs where Node is not available/],
  ])('reports import x = require() in %s', async (file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ["export type Server = typeof import('ws');\n", /"ws", a Node package/],
    ["export type Renderer = import('electron').IpcRenderer;\n", /may not import electron/],
    ["export type Win = typeof import('../main/window');\n", /may not import from main\//],
  ])('reports a type import: %s', async (code, message) => {
    const errors = await boundaryErrors('renderer/x.ts', code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('reports a triple-slash reference to Node types', async () => {
    expect(await boundaryErrors('renderer/x.ts', '/// <reference types="node" />\nexport const a = 1;\n')).toEqual([
      'Bad layering: renderer/ runs where Node is not available and may not import "node:…".',
    ]);
  });

  it.each(['ws', 'electron-updater', 'werift', 'livekit-server-sdk'])('refuses the Node package %s in the renderer', async (name) => {
    const errors = await boundaryErrors('renderer/x.ts', `import pkg from '${name}';\nexport const a = pkg;\n`);
    expect(errors).toEqual([`Bad layering: renderer/ may not import "${name}", a Node package (renderer/ may use browser (DOM) and runtime-neutral packages).`]);
  });

  it.each(['renderer/x.ts', 'main/x.ts', 'scripts/x.ts', 'vitest.config.ts'])('reports an uncategorized dependency in %s', async (file) => {
    expect(await boundaryErrors(file, "import pad from 'left-pad';\nexport const a = pad;\n")).toEqual([
      'Uncategorized dependency "left-pad": add it to the node, dom, neutral, electron or test list in eslint-rules/package-runtimes.mjs, so the boundaries know where it may run.',
    ]);
  });

  it('keeps tests inside their folder: a renderer test may not use Node', async () => {
    const errors = await boundaryErrors('renderer/x.test.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n");
    expect(errors).toEqual(['Bad layering: renderer/ runs where Node is not available and may not import "node:fs".']);
  });
});

describe('package runtime lists', () => {
  it('name only installed packages', () => {
    for (const name of Object.values(PACKAGE_RUNTIMES).flat()) expect(existsSync(path.join(root, 'node_modules', name, 'package.json')), name).toBe(true);
  });
});
