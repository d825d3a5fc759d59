/**
 * @module registry/tfjs-format
 * The TF.js Layers save format (`model.json` + one binary weights file), in
 * both directions, without TF.js:
 *
 * - export: {@link toTfjsModelJson} writes a `model.json` whose single
 *   `weightsManifest` group points at the sibling {@link TFJS_WEIGHTS_FILE},
 *   whose bytes are the float32 little-endian data of the FLW1 blob, in layout
 *   order, so `tf.loadLayersModel('…/model.json')` loads it;
 * - import: {@link parseModelJson} checks an uploaded `model.json` (topology,
 *   manifest, float32 unquantised weights, byte offsets) and
 *   {@link weightsForLayout} picks each tensor of a layout from the uploaded
 *   bytes by name, so the manifest's order does not matter.
 *
 * Every problem throws a {@link ModelImportError} naming it exactly.
 */
import type { TensorSpec } from '@fl/protocol';
import { parameterCount, tensorSize } from '@fl/fl-core';

export const TFJS_WEIGHTS_FILE = 'weights.bin';

export class ModelImportError extends Error {
  readonly code = 'BAD_MODEL_IMPORT' as const;
}

/** One weight of an uploaded manifest, located in the concatenated weights file. */
export interface ManifestEntry {
  name: string;
  shape: number[];
  /** Byte offset in the concatenated weights. */
  offset: number;
  /** Optimizer state (`group: 'optimizer'`) is skipped on import. */
  optimizer: boolean;
}

export interface ParsedModelJson {
  /** The Layers topology (`modelTopology`). */
  topology: Record<string, unknown>;
  entries: ManifestEntry[];
  /** Bytes the weights file must have. */
  weightBytes: number;
}

const bad = (msg: string): never => {
  throw new ModelImportError(msg);
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `model.json` of a stored model (TF.js `ModelJSON`, format `layers-model`). */
export function toTfjsModelJson(topology: object, layout: readonly TensorSpec[], weightsPath = TFJS_WEIGHTS_FILE): object {
  return {
    format: 'layers-model',
    generatedBy: 'fedlearn coordinator',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: [weightsPath], weights: layout.map((t) => ({ name: t.name, shape: [...t.shape], dtype: 'float32' })) }],
  };
}

function parseEntry(w: unknown, where: string, offset: number): ManifestEntry {
  if (!isRecord(w)) return bad(`${where} must be an object { name, shape, dtype }`);
  if (typeof w.name !== 'string' || w.name === '') bad(`${where}.name must be a non-empty string`);
  const shape = w.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) bad(`${where} (${String(w.name)}): shape must be an array of non-negative integers`);
  if (w.quantization !== undefined) bad(`${where} (${String(w.name)}): quantized weights are not supported; save the model without quantization`);
  if (w.dtype !== 'float32') bad(`${where} (${String(w.name)}): dtype ${JSON.stringify(w.dtype)} is not supported; only float32 weights can be imported`);
  return { name: w.name as string, shape: shape as number[], offset, optimizer: w.group === 'optimizer' };
}

/**
 * Checks an uploaded `model.json` (already JSON-parsed).
 * @throws ModelImportError naming the first problem.
 */
export function parseModelJson(json: unknown): ParsedModelJson {
  if (!isRecord(json)) return bad('model.json must be a JSON object (the TF.js Layers model.json)');
  if (json.format !== undefined && json.format !== 'layers-model') bad(`model.json: format ${JSON.stringify(json.format)} is not supported; only TF.js Layers models (format "layers-model") can be imported`);
  if (!isRecord(json.modelTopology)) bad('model.json: modelTopology must be an object (the Layers topology)');
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) bad('model.json: weightsManifest must be a non-empty array of { paths, weights }');
  const entries: ManifestEntry[] = [];
  let offset = 0;
  (manifest as unknown[]).forEach((group, g) => {
    if (!isRecord(group) || !Array.isArray(group.weights)) bad(`model.json: weightsManifest[${g}].weights must be an array`);
    (group as { weights: unknown[] }).weights.forEach((w, i) => {
      const e = parseEntry(w, `model.json: weightsManifest[${g}].weights[${i}]`, offset);
      entries.push(e);
      offset += tensorSize(e.shape) * 4;
    });
  });
  const names = new Set<string>();
  for (const e of entries) {
    if (e.optimizer) continue;
    if (names.has(e.name)) bad(`model.json: weight ${e.name} appears twice in weightsManifest`);
    names.add(e.name);
  }
  return { topology: json.modelTopology as Record<string, unknown>, entries, weightBytes: offset };
}

/**
 * The flat float32 weights of `layout`, taken by name from the uploaded bytes.
 * @throws ModelImportError for a size mismatch, a missing or extra weight, or a wrong shape.
 */
export function weightsForLayout(layout: readonly TensorSpec[], parsed: ParsedModelJson, bytes: Uint8Array): Float32Array {
  if (bytes.byteLength !== parsed.weightBytes)
    bad(`weights file has ${bytes.byteLength} bytes, model.json's weightsManifest describes ${parsed.weightBytes} (float32)`);
  const byName = new Map(parsed.entries.filter((e) => !e.optimizer).map((e) => [e.name, e]));
  const out = new Float32Array(parameterCount([...layout]));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const t of layout) {
    const e = byName.get(t.name);
    if (!e) return bad(`weights: the model needs ${t.name} ${JSON.stringify(t.shape)}, which weightsManifest does not have`);
    if (JSON.stringify(e.shape) !== JSON.stringify(t.shape)) bad(`weights: ${t.name} has shape ${JSON.stringify(e.shape)} in weightsManifest, the model needs ${JSON.stringify(t.shape)}`);
    const n = tensorSize(t.shape);
    for (let i = 0; i < n; i++) {
      const v = view.getFloat32(e.offset + i * 4, true);
      if (!Number.isFinite(v)) bad(`weights: ${t.name} has a non-finite value (${v}) at index ${i}`);
      out[at + i] = v;
    }
    at += n;
    byName.delete(t.name);
  }
  if (byName.size) bad(`weights: weightsManifest has weight(s) the model does not use: ${[...byName.keys()].slice(0, 5).join(', ')}`);
  return out;
}
