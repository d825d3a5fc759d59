/**
 * @module registry/tfjs-import
 * Turns an uploaded TF.js Layers model (`model.json` bytes + weights bytes)
 * into weights and a topology the coordinator stores: the JSON and manifest
 * are checked by {@link parseModelJson}, the topology is built with TF.js
 * (cpu backend, as for job creation) to learn the model's own layout, and
 * each tensor is taken from the upload by name. The topology kept is the
 * model's own `toJSON()`, the same form built-in models have.
 */
import type { ModelWeights } from '@fl/fl-core';
import { loadTfjsTrainer } from '../models/model-factory';
import { ModelImportError, parseModelJson, weightsForLayout } from './tfjs-format';

export interface ImportedModel {
  weights: ModelWeights;
  topology: object;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (e) {
    throw new ModelImportError(`model.json is not valid JSON: ${(e as Error).message}`);
  }
}

/** @throws ModelImportError describing the problem. */
export async function importTfjsModel(modelJson: Uint8Array, weightBytes: Uint8Array): Promise<ImportedModel> {
  let parsed;
  try {
    parsed = parseModelJson(parseJson(modelJson));
  } catch (e) {
    if (e instanceof ModelImportError) throw e;
    throw new ModelImportError(`model.json: ${(e as Error).message}`);
  }
  const trainer = await loadTfjsTrainer();
  let model;
  try {
    model = await trainer.buildModel({ layers: parsed.topology });
  } catch (e) {
    throw new ModelImportError(`modelTopology: ${(e as Error).message}`);
  }
  try {
    const layout = trainer.modelLayout(model);
    const data = weightsForLayout(layout, parsed, weightBytes);
    return { weights: { layout, data }, topology: model.toJSON(undefined, false) as object };
  } finally {
    model.dispose();
  }
}
