/**
 * @module model/build-model
 * `ModelSpec` (from `@fl/protocol`) → TF.js LayersModel. A spec names a
 * built-in model or carries TF.js Layers JSON (the parsed `model.toJSON()`
 * output, as sent in `ModelRef.topology`), loaded with
 * `tf.models.modelFromJSON`, after its size is checked from the JSON alone
 * (fl-core `topologySize`). Anything else is refused with INVALID_MODEL.
 */
import * as tf from '@tensorflow/tfjs';
import { MAX_MODEL_BYTES, MAX_TOPOLOGY_CHARS } from '@fl/protocol';
import { topologySize, TopologyError } from '@fl/fl-core';
import { TrainerError } from '../errors';
import { createBuiltinModel, TRAINABLE_BUILTINS, type TrainableBuiltin } from './builtin-models';

export interface TrainableModelSpec {
  builtin?: string;
  layers?: object;
}

const bad = (msg: string): never => {
  throw new TrainerError('INVALID_MODEL', `model spec: ${msg}`);
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Refuses anything but exactly one of `builtin` (a trainable built-in) or `layers` (an object). */
export function checkModelSpec(spec: unknown): TrainableModelSpec {
  if (!isRecord(spec)) return bad('must be an object { builtin } or { layers }');
  const extra = Object.keys(spec).filter((k) => k !== 'builtin' && k !== 'layers' && k !== 'params');
  if (extra.length) bad(`unknown key(s) ${extra.join(', ')}`);
  const hasBuiltin = spec.builtin !== undefined;
  const hasLayers = spec.layers !== undefined && spec.layers !== null;
  if (hasBuiltin === hasLayers) bad('give exactly one of builtin or layers');
  if (hasBuiltin) {
    if (spec.builtin === 'synthetic') bad("'synthetic' is a layout-only model for communication benchmarks and cannot be trained");
    if (!(TRAINABLE_BUILTINS as readonly unknown[]).includes(spec.builtin))
      bad(`unknown builtin ${JSON.stringify(spec.builtin)} (expected one of ${TRAINABLE_BUILTINS.join(', ')})`);
  } else if (!isRecord(spec.layers)) bad('layers must be a TF.js Layers JSON object (parsed model.toJSON())');
  return spec as TrainableModelSpec;
}

/** Accepts a bare topology (`{ class_name, config }`), `{ modelTopology }` or Keras `{ model_config }`. */
function toModelJson(layers: Record<string, unknown>): tf.io.ModelJSON {
  let size = 0;
  try {
    size = JSON.stringify(layers).length;
  } catch (e) {
    bad(`layers is not JSON-serialisable (${(e as Error).message})`);
  }
  if (size > MAX_TOPOLOGY_CHARS) bad(`layers JSON has ${size} characters, limit ${MAX_TOPOLOGY_CHARS}`);
  const topology = isRecord(layers.modelTopology) ? layers.modelTopology : layers;
  const inner = isRecord(topology.model_config) ? topology.model_config : topology;
  if (typeof inner.class_name !== 'string' || !isRecord(inner.config))
    bad("layers must have 'class_name' and 'config' (the output of model.toJSON())");
  refuseOversized(topology);
  return { modelTopology: topology } as unknown as tf.io.ModelJSON;
}

/**
 * Refuses, before TF.js allocates anything, a topology whose weights would
 * serialize to more than MAX_MODEL_BYTES (an edge client must not build
 * whatever a task names). A topology the size check cannot read is left to
 * TF.js, which stays the judge of what it can build.
 */
function refuseOversized(topology: Record<string, unknown>): void {
  let bytes: number;
  try {
    bytes = topologySize(topology).serializedBytes;
  } catch (e) {
    if (e instanceof TopologyError && e.code === 'MODEL_TOO_LARGE') bad(e.message);
    return;
  }
  if (bytes > MAX_MODEL_BYTES) bad(`the model's weights would take ${bytes} bytes serialized, above the ${MAX_MODEL_BYTES} limit (MAX_MODEL_BYTES)`);
}

/**
 * Builds a model from a spec.
 * @example const model = await buildModel({ builtin: 'mnist-cnn' });
 * @throws TrainerError INVALID_MODEL for an unknown built-in, malformed Layers
 *   JSON, or a model without exactly one input and one output.
 */
export async function buildModel(spec: TrainableModelSpec): Promise<tf.LayersModel> {
  const s = checkModelSpec(spec);
  let model: tf.LayersModel;
  if (s.builtin !== undefined) model = createBuiltinModel(s.builtin as TrainableBuiltin);
  else {
    const json = toModelJson(s.layers as Record<string, unknown>);
    try {
      model = await tf.models.modelFromJSON(json);
    } catch (e) {
      return bad(`cannot build Layers JSON: ${(e as Error).message}`);
    }
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    model.dispose();
    bad(`model must have one input and one output (has ${model.inputs.length} and ${model.outputs.length})`);
  }
  return model;
}
