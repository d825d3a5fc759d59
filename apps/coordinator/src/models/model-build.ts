/**
 * @module models/model-build
 * The work of the model-build worker, callable in any thread: builds a job's
 * initial model from its spec (deterministic in the seed: `synthetic` from
 * fl-core's seeded RNG, TF.js models through `initialWeights` of
 * `@fl/trainer-tfjs`) or an uploaded TF.js model, then serializes and hashes
 * it. TF.js is imported on first use, on the cpu backend: building a model
 * needs no training or averaging. Its "install tfjs-node" banner is
 * silenced by selecting the backend through the trainer's Node entry.
 *
 * Each refusal is a {@link ModelBuildError} saying whose fault it is.
 */
import { serializeWeights, type ModelWeights } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';
import type { BuiltModel, ModelBuildRequest } from './model-build-messages';
import { syntheticWeights } from './synthetic-model';
import { ModelImportError, weightsForLayout } from '../registry/tfjs-format';

export class ModelBuildError extends Error {
  constructor(
    readonly kind: 'spec' | 'import',
    message: string,
  ) {
    super(message);
  }
}

let backendReady: Promise<unknown> | null = null;

/** `@fl/trainer-tfjs` on the cpu backend, loaded on first use. @throws ModelBuildError when TF.js cannot load. */
async function trainer(kind: 'spec' | 'import'): Promise<typeof import('@fl/trainer-tfjs')> {
  try {
    const t = await import('@fl/trainer-tfjs');
    backendReady ??= import('@fl/trainer-tfjs/node').then((node) => node.selectBackend('cpu'));
    await backendReady;
    return t;
  } catch (e) {
    throw new ModelBuildError(kind, `TF.js models are unavailable on this coordinator: ${(e as Error).message}`);
  }
}

function finish(weights: ModelWeights, topology: object | null): BuiltModel {
  const serialized = serializeWeights(weights);
  return { layout: weights.layout, topology, serialized, hash: modelHash(serialized) };
}

async function initial(spec: Extract<ModelBuildRequest, { op: 'initial' }>['spec'], seed: number): Promise<BuiltModel> {
  if (spec.builtin === 'synthetic') return finish(syntheticWeights(spec.params ?? 0, seed), null);
  const t = await trainer('spec');
  try {
    const { weights, topology } = await t.initialWeights({ builtin: spec.builtin, layers: spec.layers }, seed);
    return finish(weights, topology);
  } catch (e) {
    throw new ModelBuildError('spec', `model: ${(e as Error).message}`);
  }
}

async function imported(r: Extract<ModelBuildRequest, { op: 'import' }>): Promise<BuiltModel> {
  const t = await trainer('import');
  let model;
  try {
    model = await t.buildModel({ layers: r.topology });
  } catch (e) {
    throw new ModelBuildError('import', `modelTopology: ${(e as Error).message}`);
  }
  try {
    const layout = t.modelLayout(model);
    const data = weightsForLayout(layout, { topology: r.topology, entries: r.entries, weightBytes: r.weightBytes }, r.weights);
    return finish({ layout, data }, model.toJSON(undefined, false) as object);
  } catch (e) {
    if (e instanceof ModelImportError) throw new ModelBuildError('import', e.message);
    throw e;
  } finally {
    model.dispose();
  }
}

/** @throws ModelBuildError for a bad spec or upload */
export function buildModelBytes(r: ModelBuildRequest): Promise<BuiltModel> {
  return r.op === 'initial' ? initial(r.spec, r.seed) : imported(r);
}
