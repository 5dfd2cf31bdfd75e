/**
 * The background-effects model, prepared at build time from `@mediapipe/selfie_segmentation`'s
 * `selfie_segmentation.tflite` (Apache-2.0: the 256×256 selfie-segmentation network MediaPipe also publishes as
 * "SelfieSegmenter (square)").
 *
 * That file predates MediaPipe Tasks: it has no TFLite Model Metadata, and `ImageSegmenter` (which
 * `@livekit/track-processors` runs) refuses a float input without metadata saying how to normalise pixels
 * ("requires specifying NormalizationOptions metadata"). The network itself is unchanged; this adds the one
 * missing piece of metadata, exactly what the old MediaPipe graph did in code (pixels scaled to [0, 1]: mean 0,
 * std 255, RGB), as a `TFLITE_METADATA` entry.
 *
 * FlatBuffers offsets point forward only, so the file is rebuilt as: the 8-byte header, a new root table and what
 * it newly refers to, then the original body moved down by a multiple of 16 (every offset inside it is relative,
 * and tensor data keeps its 16-byte alignment). The new root refers to the original fields where they are.
 */

const HEADER = 8;

/** Fields of tflite's `Model` table (schema.fbs), by index. */
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_FIELDS = 8;

type Field = { kind: 'u8' | 'u16' | 'u32' | 'f32'; value: number } | { kind: 'ref'; to: Node } | { kind: 'at'; absolute: number };
type Node =
  | { kind: 'table'; fields: (Field | null)[] }
  | { kind: 'refs'; items: ({ to: Node } | { absolute: number })[] }
  | { kind: 'floats'; values: number[] }
  | { kind: 'bytes'; bytes: Uint8Array; align: number }
  | { kind: 'string'; text: string };

const table = (...fields: (Field | null)[]): Node => ({ kind: 'table', fields });
const ref = (to: Node): Field => ({ kind: 'ref', to });
const u8 = (value: number): Field => ({ kind: 'u8', value });
const str = (text: string): Node => ({ kind: 'string', text });
const SIZE = { u8: 1, u16: 2, u32: 4, f32: 4, ref: 4, at: 4 } as const;

/**
 * A small forward-only FlatBuffers writer: each node is written before everything it refers to, so every offset is
 * positive. `base` is where the output will sit in the final file (for offsets to absolute positions there).
 */
class ForwardWriter {
  private readonly out: number[] = [];
  constructor(private readonly base: number) {}

  get length(): number {
    return this.out.length;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  padTo(align: number, extra = 0): void {
    while ((this.base + this.out.length + extra) % align !== 0) this.out.push(0);
  }

  write(node: Node): number {
    const pending: { at: number; to: Node }[] = [];
    let start: number;
    const view = (at: number, size: number, value: number, float = false) => {
      const scratch = new DataView(new ArrayBuffer(4));
      if (float) scratch.setFloat32(0, value, true);
      else if (size === 4) scratch.setUint32(0, value >>> 0, true);
      else if (size === 2) scratch.setUint16(0, value, true);
      else scratch.setUint8(0, value);
      for (let i = 0; i < size; i++) this.out[at + i] = scratch.getUint8(i);
    };
    const reserve = (size: number) => {
      const at = this.out.length;
      for (let i = 0; i < size; i++) this.out.push(0);
      return at;
    };
    switch (node.kind) {
      case 'table': {
        // vtable first (referenced backwards by a signed offset), then the table: soffset, then fields, 4-aligned.
        this.padTo(2);
        const layout: { field: Field; offset: number }[] = [];
        let size = 4;
        for (const field of node.fields) {
          if (!field) continue;
          const width = SIZE[field.kind];
          size = Math.ceil(size / width) * width;
          layout.push({ field, offset: size });
          size += width;
        }
        const offsets = node.fields.map((field) => (field ? layout.find((entry) => entry.field === field)!.offset : 0));
        const vtableSize = 4 + 2 * node.fields.length;
        this.padTo(4, vtableSize);
        const vtable = reserve(vtableSize);
        view(vtable, 2, vtableSize);
        view(vtable + 2, 2, size);
        offsets.forEach((offset, i) => view(vtable + 4 + 2 * i, 2, offset));
        start = reserve(Math.ceil(size / 4) * 4);
        view(start, 4, start - vtable);
        for (const { field, offset } of layout) {
          const at = start + offset;
          if (field.kind === 'ref') pending.push({ at, to: field.to });
          else if (field.kind === 'at') view(at, 4, field.absolute - (this.base + at));
          else view(at, SIZE[field.kind], field.value, field.kind === 'f32');
        }
        break;
      }
      case 'refs': {
        this.padTo(4);
        start = reserve(4 + 4 * node.items.length);
        view(start, 4, node.items.length);
        node.items.forEach((item, i) => {
          const at = start + 4 + 4 * i;
          if ('to' in item) pending.push({ at, to: item.to });
          else view(at, 4, item.absolute - (this.base + at));
        });
        break;
      }
      case 'floats': {
        this.padTo(4);
        start = reserve(4 + 4 * node.values.length);
        view(start, 4, node.values.length);
        node.values.forEach((value, i) => view(start + 4 + 4 * i, 4, value, true));
        break;
      }
      case 'bytes': {
        this.padTo(node.align, 4);
        start = reserve(4);
        view(start, 4, node.bytes.length);
        this.out.push(...node.bytes);
        break;
      }
      case 'string': {
        const encoded = new TextEncoder().encode(node.text);
        this.padTo(4);
        start = reserve(4);
        view(start, 4, encoded.length);
        this.out.push(...encoded, 0);
        break;
      }
    }
    for (const { at, to } of pending) {
      const target = this.write(to);
      view(at, 4, target - at);
    }
    return start;
  }
}

/** A complete FlatBuffer with a 4-character file identifier. */
function finish(root: Node, identifier: string): Uint8Array {
  const body = new ForwardWriter(HEADER);
  const rootAt = HEADER + body.write(root);
  const out = new Uint8Array(HEADER + body.length);
  new DataView(out.buffer).setUint32(0, rootAt, true);
  out.set(new TextEncoder().encode(identifier), 4);
  out.set(body.bytes(), HEADER);
  return out;
}

/** ModelMetadata (metadata_schema.fbs) for one RGB image input scaled to [0, 1] and one mask output. */
export function selfieSegmentationMetadata(): Uint8Array {
  const normalisation = table({ kind: 'ref', to: { kind: 'floats', values: [0] } }, { kind: 'ref', to: { kind: 'floats', values: [255] } });
  // ProcessUnit { options_type: NormalizationOptions (1), options }
  const processUnit = table(u8(1), ref(normalisation));
  // Content { content_properties_type: ImageProperties (2), content_properties: ImageProperties { color_space: RGB (1) } }
  const imageContent = table(u8(2), ref(table(u8(1))));
  // TensorMetadata { name, description, dimension_names, content, process_units }
  const input = table(ref(str('image')), null, null, ref(imageContent), ref({ kind: 'refs', items: [{ to: processUnit }] }));
  const output = table(ref(str('segmentation_mask')));
  // SubGraphMetadata { name, description, input_tensor_metadata, output_tensor_metadata }
  const subgraph = table(ref(str('selfie_segmentation')), null, ref({ kind: 'refs', items: [{ to: input }] }), ref({ kind: 'refs', items: [{ to: output }] }));
  // ModelMetadata { name, description, version, subgraph_metadata, author, license, associated_files, min_parser_version }
  return finish(
    table(
      ref(str('Selfie Segmentation (square)')),
      ref(str('MediaPipe selfie segmentation, 256x256, with normalisation metadata added by Sealroom at build time.')),
      null,
      ref({ kind: 'refs', items: [{ to: subgraph }] }),
      ref(str('Google (MediaPipe)')),
      ref(str('Apache-2.0')),
      null,
      ref(str('1.0.0')),
    ),
    'M001',
  );
}

interface ReadTable {
  at: number;
  field(index: number): number | null;
}

function readTable(view: DataView, at: number): ReadTable {
  const vtable = at - view.getInt32(at, true);
  const vtableSize = view.getUint16(vtable, true);
  return {
    at,
    field(index) {
      const slot = 4 + 2 * index;
      if (slot >= vtableSize) return null;
      const offset = view.getUint16(vtable + slot, true);
      return offset === 0 ? null : at + offset;
    },
  };
}

const deref = (view: DataView, at: number) => at + view.getUint32(at, true);

function vectorItems(view: DataView, vector: number): number[] {
  const count = view.getUint32(vector, true);
  return Array.from({ length: count }, (_, i) => deref(view, vector + 4 + 4 * i));
}

/** The model with a `TFLITE_METADATA` entry (the network, operators and weights untouched). */
export function withSegmentationMetadata(model: Uint8Array): Uint8Array {
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  if (new TextDecoder().decode(model.subarray(4, 8)) !== 'TFL3') throw new Error('not a TFLite model (no TFL3 identifier)');
  const root = readTable(view, view.getUint32(0, true));
  const buffersField = root.field(MODEL.buffers);
  if (buffersField === null) throw new Error('the model has no buffers');
  const oldBuffers = vectorItems(view, deref(view, buffersField));
  const metadataField = root.field(MODEL.metadata);
  const oldMetadata = metadataField === null ? [] : vectorItems(view, deref(view, metadataField));
  for (const entry of oldMetadata) {
    const name = readTable(view, entry).field(0);
    if (name === null) continue;
    const at = deref(view, name);
    const text = new TextDecoder().decode(model.subarray(at + 4, at + 4 + view.getUint32(at, true)));
    if (text === 'TFLITE_METADATA') throw new Error('the model already has TFLITE_METADATA');
  }

  // The original body (from byte 8) moves down by `shift`, a multiple of 16, past what the new root needs.
  const build = (shift: number): Uint8Array => {
    const moved = (absolute: number) => absolute + shift;
    const writer = new ForwardWriter(HEADER);
    const metadataBuffer = table({ kind: 'ref', to: { kind: 'bytes', bytes: selfieSegmentationMetadata(), align: 16 } });
    const fields: (Field | null)[] = Array.from({ length: MODEL_FIELDS }, (_, index) => {
      if (index === MODEL.buffers) return ref({ kind: 'refs', items: [...oldBuffers.map((at) => ({ absolute: moved(at) })), { to: metadataBuffer }] });
      if (index === MODEL.metadata) {
        const entry = table(ref(str('TFLITE_METADATA')), { kind: 'u32', value: oldBuffers.length });
        return ref({ kind: 'refs', items: [...oldMetadata.map((at) => ({ absolute: moved(at) })), { to: entry }] });
      }
      const at = root.field(index);
      if (at === null) return null;
      if (index === MODEL.version) return { kind: 'u32', value: view.getUint32(at, true) };
      return { kind: 'at', absolute: moved(deref(view, at)) };
    });
    const rootAt = HEADER + writer.write(table(...fields));
    const inserted = writer.bytes();
    if (inserted.length > shift) return build(Math.ceil(inserted.length / 16) * 16);
    const out = new Uint8Array(model.length + shift);
    new DataView(out.buffer).setUint32(0, rootAt, true);
    out.set(model.subarray(4, 8), 4);
    out.set(inserted, HEADER);
    out.set(model.subarray(HEADER), HEADER + shift);
    return out;
  };
  return build(1024);
}
