/**
 * @module aggregation/aggregate-messages
 * Messages between `AggregateWorker` and its worker thread (`aggregate.worker`).
 */
import type { StrategyConfig } from '@fl/protocol';
import type { AggregateInput, ModelWeights, StrategyState } from '@fl/fl-core';

/** One strategy step x_{t+1} = strategy(x_t, Σ, state), on copies the worker owns. */
export interface AggregateJob {
  id: number;
  strategy: StrategyConfig;
  global: ModelWeights;
  input: AggregateInput;
  state: StrategyState;
  /** Trusted-server DP: stddev σ = z·S of the Gaussian noise added to `input.deltaSum` first (docs/privacy.md). */
  noiseStddev?: number;
}

export type AggregateReply =
  /** The new model serialized (FLW1) with its content hash, so the event loop neither serializes nor hashes it. */
  | { id: number; ok: true; serialized: Uint8Array; hash: string; state: StrategyState }
  /** The strategy refused (e.g. NON_FINITE): the round fails, exactly as when it runs in the event loop. */
  | { id: number; ok: false; name: string; code?: string; message: string };
