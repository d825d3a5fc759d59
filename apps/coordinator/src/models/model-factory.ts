/**
 * @module models/model-factory
 * Initial global model of a job from its {@link ModelSpec}, deterministic in
 * the job seed:
 * - `synthetic`: {@link syntheticWeights} (no topology);
 * - any other built-in, or `layers`: `initialWeights` of `@fl/trainer-tfjs`,
 *   imported lazily so the coordinator never loads TF.js for synthetic jobs.
 */
import { ErrorCode, type ModelSpec } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { syntheticWeights } from './synthetic-model';

export interface InitialModel {
  weights: ModelWeights;
  topology: object | null;
}

export class ModelSpecError extends Error {
  readonly code = ErrorCode.BadPayload;
}

let backendReady: Promise<unknown> | null = null;

/**
 * Building a model only needs TF.js's cpu backend (no training, no averaging
 * happens here). Selecting it through the trainer's Node entry also silences
 * TF.js's "install tfjs-node" banner, which is irrelevant to a coordinator.
 */
function ensureCpuBackend(): Promise<unknown> {
  backendReady ??= import('@fl/trainer-tfjs/node').then((node) => node.selectBackend('cpu'));
  return backendReady;
}

/** `@fl/trainer-tfjs` on the cpu backend, loaded on first use. @throws ModelSpecError when TF.js cannot load. */
export async function loadTfjsTrainer(): Promise<typeof import('@fl/trainer-tfjs')> {
  try {
    const trainer = await import('@fl/trainer-tfjs');
    await ensureCpuBackend();
    return trainer;
  } catch (e) {
    throw new ModelSpecError(`TF.js models are unavailable on this coordinator: ${(e as Error).message}`);
  }
}

export async function createInitialModel(spec: ModelSpec, seed: number): Promise<InitialModel> {
  if (spec.builtin === 'synthetic') return { weights: syntheticWeights(spec.params ?? 0, seed), topology: null };
  const trainer = await loadTfjsTrainer();
  try {
    const { weights, topology } = await trainer.initialWeights({ builtin: spec.builtin, layers: spec.layers }, seed);
    return { weights, topology };
  } catch (e) {
    throw new ModelSpecError(`model: ${(e as Error).message}`);
  }
}
