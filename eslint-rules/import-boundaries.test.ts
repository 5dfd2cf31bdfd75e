import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
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
    ['main/x.ts', "import { bridge } from '../renderer/bridge/bridge';\nexport const a = bridge;\n"],
    ['server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['server/x.ts', "export { App } from '../renderer/App';\n"],
    ['renderer/x.ts', "export const load = () => import('../server/index');\n"],
    ['main/x.ts', "const x = require('../preload/preload');\nexport default x;\n"],
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
  ])('allows %s (%#)', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
