/**
 * @module models/model-factory
 * Initial global model of a job from its {@link ModelSpec}, deterministic in
 * the job seed: `synthetic` from fl-core's seeded RNG (no topology); any
 * other built-in, or `layers`, through `initialWeights` of `@fl/trainer-tfjs`.
 *
 * A `layers` topology is sized from its JSON first ({@link checkModelTopology}:
 * arithmetic only, milliseconds whatever its size) and refused with a code
 * when it is over the limits; only then is it built, serialized and hashed,
 * in the model-build worker thread ({@link modelBuilder}), never on the
 * event loop.
 */
import { ErrorCode, MAX_MODEL_BYTES, MAX_TOPOLOGY_CHARS, type ModelSpec } from '@fl/protocol';
import { checkTopologySize, decodeWeights, TopologyError, type ModelWeights, type TopologySize } from '@fl/fl-core';
import type { SerializedModel } from '../aggregation/aggregate-worker';
import { ModelBuildError } from './model-build';
import { modelBuilder } from './model-builder';

export interface InitialModel {
  weights: ModelWeights;
  topology: object | null;
  /** The weights already serialized and hashed (by the worker). */
  serialized: SerializedModel;
}

/**
 * A model spec or topology the coordinator refuses. `code`: `BAD_PAYLOAD`,
 * or the topology check's `MODEL_TOO_LARGE` / `TOPOLOGY_TOO_LARGE` /
 * `BAD_TOPOLOGY` / `UNSUPPORTED_LAYER`.
 */
export class ModelSpecError extends Error {
  constructor(
    message: string,
    readonly code: string = ErrorCode.BadPayload,
  ) {
    super(message);
  }
}

/**
 * Sizes a Layers topology without building it: at most MAX_TOPOLOGY_CHARS of
 * JSON and MAX_MODEL_BYTES serialized. `where` prefixes the message
 * (`model.layers`, `modelTopology`).
 * @throws ModelSpecError with the topology check's code
 */
export function checkModelTopology(layers: unknown, where: string): TopologySize {
  let chars: number;
  try {
    chars = JSON.stringify(layers)?.length ?? 0;
  } catch (e) {
    throw new ModelSpecError(`${where} is not JSON-serialisable (${(e as Error).message})`, 'BAD_TOPOLOGY');
  }
  if (chars > MAX_TOPOLOGY_CHARS) throw new ModelSpecError(`${where}: the topology JSON has ${chars} characters, above the ${MAX_TOPOLOGY_CHARS} limit (MAX_TOPOLOGY_CHARS)`, 'TOPOLOGY_TOO_LARGE');
  try {
    return checkTopologySize(layers, MAX_MODEL_BYTES);
  } catch (e) {
    if (e instanceof TopologyError) throw new ModelSpecError(`${where}: ${e.message}`, e.code);
    throw e;
  }
}

/** @throws ModelSpecError for a bad or oversized spec */
export async function createInitialModel(spec: ModelSpec, seed: number): Promise<InitialModel> {
  if (spec.layers !== undefined) checkModelTopology(spec.layers, 'model.layers');
  let built;
  try {
    built = await modelBuilder.build({ op: 'initial', spec: { builtin: spec.builtin, params: spec.params, layers: spec.layers }, seed });
  } catch (e) {
    if (e instanceof ModelBuildError) throw new ModelSpecError(e.message);
    throw e;
  }
  return { weights: decodeWeights(built.serialized, built.layout), topology: built.topology, serialized: { bytes: built.serialized, hash: built.hash } };
}
