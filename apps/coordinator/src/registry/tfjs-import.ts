/**
 * @module registry/tfjs-import
 * Turns an uploaded TF.js Layers model (`model.json` bytes + weights bytes)
 * into weights and a topology the coordinator stores. On the event loop only
 * cheap checks run: the JSON and manifest ({@link parseModelJson}), the
 * weights file's size against the manifest, and the topology's size from its
 * JSON alone ({@link checkModelTopology}), so an oversized model is refused
 * in milliseconds. The model-build worker then builds the topology with
 * TF.js to learn the model's own layout, takes each tensor from the upload
 * by name, and serializes and hashes the result. The topology kept is the
 * model's own `toJSON()`, the same form built-in models have.
 */
import { decodeWeights, type ModelWeights } from '@fl/fl-core';
import type { SerializedModel } from '../aggregation/aggregate-worker';
import { checkModelTopology, ModelSpecError } from '../models/model-factory';
import { ModelBuildError } from '../models/model-build';
import { modelBuilder } from '../models/model-builder';
import { ModelImportError, parseModelJson } from './tfjs-format';

export interface ImportedModel {
  weights: ModelWeights;
  topology: object;
  serialized: SerializedModel;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (e) {
    throw new ModelImportError(`model.json is not valid JSON: ${(e as Error).message}`);
  }
}

/** `bytes` in a buffer of their own, transferable to the worker: the upload's own when it fills it, else a copy. */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer) : bytes.slice();
}

/**
 * @throws ModelImportError describing the problem; ModelSpecError (with its
 *   code, e.g. MODEL_TOO_LARGE) for a topology over the limits
 */
export async function importTfjsModel(modelJson: Uint8Array, weightBytes: Uint8Array): Promise<ImportedModel> {
  let parsed;
  try {
    parsed = parseModelJson(parseJson(modelJson));
  } catch (e) {
    if (e instanceof ModelImportError) throw e;
    throw new ModelImportError(`model.json: ${(e as Error).message}`);
  }
  checkModelTopology(parsed.topology, 'modelTopology');
  if (weightBytes.byteLength !== parsed.weightBytes)
    throw new ModelImportError(`weights file has ${weightBytes.byteLength} bytes, model.json's weightsManifest describes ${parsed.weightBytes} (float32)`);
  const weights = own(weightBytes);
  let built;
  try {
    built = await modelBuilder.build({ op: 'import', topology: parsed.topology, entries: parsed.entries, weightBytes: parsed.weightBytes, weights }, [weights.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof ModelBuildError) throw new ModelImportError(e.message);
    throw e;
  }
  return { weights: decodeWeights(built.serialized, built.layout), topology: built.topology!, serialized: { bytes: built.serialized, hash: built.hash } };
}
