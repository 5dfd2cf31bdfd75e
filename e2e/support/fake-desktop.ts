import path from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import type { Policy } from '../../shared/policy';

let bundle: string | null = null;

async function bridgeScript(): Promise<string> {
  if (bundle) return bundle;
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'fake-desktop-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    define: { __SEALROOM_VERSION__: '"test"' },
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  return bundle;
}

/**
 * Makes the web build in `page` behave like an installed desktop app for what the browser cannot have: the
 * organisation's policy (a browser has no registry or policy file) and no built-in server (`defaultServer: null`,
 * as in an installed app without SEALROOM_SERVER). Call before the first navigation.
 */
export async function installFakeDesktop(page: Page, options: { policy?: Policy; defaultServer: string | null }): Promise<void> {
  const fake = { policy: options.policy ?? {}, defaultServer: options.defaultServer };
  await page.addInitScript(`window.__sealroomFakeDesktop = ${JSON.stringify(fake)};\n${await bridgeScript()}`);
}
