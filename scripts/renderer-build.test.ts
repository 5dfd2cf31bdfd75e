import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const configFile = path.join(repoRoot, 'renderer', 'vite.config.ts');
const out = mkdtempSync(path.join(tmpdir(), 'sealroom-renderer-build-'));

async function scripts(mode: 'production' | 'testable'): Promise<string> {
  const outDir = path.join(out, mode);
  await build({ configFile, mode, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const assets = path.join(outDir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(path.join(assets, name), 'utf8'))
    .join('\n');
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('renderer build', () => {
  it("ships no way to switch an E2EE defence off: the bench's switch exists only in the testable build", async () => {
    const testable = await scripts('testable');
    // The switch is real in the bench's build (otherwise this test would prove nothing)...
    expect(testable).toContain('__sealroomDefencesOff');
    const app = await scripts('production');
    // ...and compiled out of the app, main bundle and E2EE worker alike.
    expect(app).not.toContain('__sealroomDefencesOff');
    expect(app).not.toContain('__SEALROOM_TESTABLE_DEFENCES__');
    // The guards themselves are in the app's worker.
    expect(app).toContain('__sealroomDecodeRefusals');
  }, 120_000);

  it('ships the background effects\' WebAssembly and model as files of its own (nothing to fetch from a CDN)', () => {
    const built = path.join(out, 'production');
    for (const file of ['effects/mediapipe/vision_wasm_internal.js', 'effects/mediapipe/vision_wasm_internal.wasm', 'effects/selfie-segmentation.tflite']) {
      expect(existsSync(path.join(built, file)), file).toBe(true);
    }
    expect(statSync(path.join(built, 'effects/selfie-segmentation.tflite')).size).toBeGreaterThan(200_000);
    expect(readdirSync(path.join(built, 'assets')).filter((name) => /^rnnoise(_simd)?-.+\.wasm$/.test(name))).toHaveLength(2);
  });
});
