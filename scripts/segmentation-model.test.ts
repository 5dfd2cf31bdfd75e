import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withSegmentationMetadata } from './segmentation-model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const original = new Uint8Array(readFileSync(path.join(repoRoot, 'node_modules', '@mediapipe', 'selfie_segmentation', 'selfie_segmentation.tflite')));

/** A minimal FlatBuffers reader, independent of the writer under test. */
function reader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const field = (table: number, index: number): number | null => {
    const vtable = table - view.getInt32(table, true);
    if (4 + 2 * index >= view.getUint16(vtable, true)) return null;
    const offset = view.getUint16(vtable + 4 + 2 * index, true);
    return offset === 0 ? null : table + offset;
  };
  const deref = (at: number) => at + view.getUint32(at, true);
  const vector = (at: number) => Array.from({ length: view.getUint32(at, true) }, (_, i) => at + 4 + 4 * i);
  const string = (at: number) => new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + view.getUint32(at, true)));
  const bytesOf = (at: number) => bytes.subarray(at + 4, at + 4 + view.getUint32(at, true));
  return { view, root: view.getUint32(0, true), field, deref, vector, string, bytesOf };
}

describe('withSegmentationMetadata', () => {
  const patched = withSegmentationMetadata(original);
  const model = reader(patched);
  const before = reader(original);

  it('keeps a TFLite model whose tensors, operators and weights are the original ones', () => {
    expect(new TextDecoder().decode(patched.subarray(4, 8))).toBe('TFL3');
    for (const index of [1, 2]) {
      // operator_codes and subgraphs: the same bytes, moved
      const a = before.deref(before.field(before.root, index)!);
      const b = model.deref(model.field(model.root, index)!);
      expect(patched.subarray(b, b + 256)).toEqual(original.subarray(a, a + 256));
    }
    const oldBuffers = before.vector(before.deref(before.field(before.root, 4)!)).map(before.deref);
    const newBuffers = model.vector(model.deref(model.field(model.root, 4)!)).map(model.deref);
    expect(newBuffers).toHaveLength(oldBuffers.length + 1);
    oldBuffers.forEach((buffer, i) => {
      const oldData = before.field(buffer, 0);
      const newData = model.field(newBuffers[i]!, 0);
      if (oldData === null) return expect(newData).toBeNull();
      const weights = model.bytesOf(model.deref(newData!));
      expect(weights).toEqual(before.bytesOf(before.deref(oldData)));
      // Tensor data stays 16-byte aligned, as TFLite expects.
      expect((weights.byteOffset - patched.byteOffset) % 16 === (before.bytesOf(before.deref(oldData)).byteOffset % 16)).toBe(true);
    });
  });

  it('adds TFLITE_METADATA: model metadata (M001) normalising an RGB input with mean 0 and std 255', () => {
    const entries = model.vector(model.deref(model.field(model.root, 6)!)).map(model.deref);
    const entry = entries.find((at) => model.string(model.deref(model.field(at, 0)!)) === 'TFLITE_METADATA');
    expect(entry).toBeDefined();
    const bufferIndex = model.view.getUint32(model.field(entry!, 1)!, true);
    const buffer = model.vector(model.deref(model.field(model.root, 4)!)).map(model.deref)[bufferIndex]!;
    const metadata = reader(model.bytesOf(model.deref(model.field(buffer, 0)!)).slice());
    expect(new TextDecoder().decode(new Uint8Array(metadata.view.buffer).subarray(4, 8))).toBe('M001');
    const subgraph = metadata.deref(metadata.vector(metadata.deref(metadata.field(metadata.root, 3)!))[0]!);
    const input = metadata.deref(metadata.vector(metadata.deref(metadata.field(subgraph, 2)!))[0]!);
    const unit = metadata.deref(metadata.vector(metadata.deref(metadata.field(input, 4)!))[0]!);
    expect(metadata.view.getUint8(metadata.field(unit, 0)!)).toBe(1); // NormalizationOptions
    const normalisation = metadata.deref(metadata.field(unit, 1)!);
    const floats = (at: number) => metadata.vector(metadata.deref(at)).map((slot) => metadata.view.getFloat32(slot, true));
    expect(floats(metadata.field(normalisation, 0)!)).toEqual([0]);
    expect(floats(metadata.field(normalisation, 1)!)).toEqual([255]);
    const content = metadata.deref(metadata.field(input, 3)!);
    expect(metadata.view.getUint8(metadata.field(content, 0)!)).toBe(2); // ImageProperties
    expect(metadata.view.getUint8(metadata.field(metadata.deref(metadata.field(content, 1)!), 0)!)).toBe(1); // RGB
  });

  it('refuses what is not a TFLite model, and a model that already has metadata', () => {
    expect(() => withSegmentationMetadata(new Uint8Array(64))).toThrow(/not a TFLite model/);
    expect(() => withSegmentationMetadata(patched)).toThrow(/already has TFLITE_METADATA/);
  });
});
