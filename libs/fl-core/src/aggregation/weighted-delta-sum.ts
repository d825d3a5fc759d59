/**
 * @module aggregation/weighted-delta-sum
 * Streaming weighted sum of updates, Σ_k w_k·(x_k − x_t), accumulated in
 * Float64 (ALGORITHMS.md §1.2, §1.7). Each accepted update is folded in as it
 * arrives and can then be dropped, so memory stays at one Float64 vector per
 * round whatever the cohort size.
 *
 * `add` does one tight loop over typed arrays and allocates nothing. It does
 * not re-scan for NaN/Inf: feed it weights from `deserializeWeights`, which
 * already refuses them; `meanDelta`/`applyDelta` check the result anyway.
 */
import { AggregationError } from '../errors/aggregation-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { WeightsError } from '../errors/weights-error';
import type { AggregateInput } from './aggregate-input';

function isFloat32Array(v: unknown): v is Float32Array {
  return Object.prototype.toString.call(v) === '[object Float32Array]';
}

export class WeightedDeltaSum implements AggregateInput {
  readonly deltaSum: Float64Array;
  private accepted = 0;
  private totalWeight = 0;

  /** @param global the round's global model x_t; must not change while summing. */
  constructor(private readonly global: Float32Array) {
    if (!isFloat32Array(global)) throw new InvalidArgumentError('WeightedDeltaSum', ['global must be a Float32Array']);
    this.deltaSum = new Float64Array(global.length);
  }

  /** Number of updates added. */
  get count(): number {
    return this.accepted;
  }

  /** Σ w_k of the updates added. */
  get weightSum(): number {
    return this.totalWeight;
  }

  /**
   * Folds in one client's weights x_k with aggregation weight w_k.
   * @throws AggregationError BAD_WEIGHT unless w_k is finite and > 0;
   *   WeightsError WRONG_SHAPE when the length differs from the global model.
   */
  add(weights: Float32Array, weight: number): void {
    if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight))
      throw new AggregationError('BAD_WEIGHT', `aggregation weight must be a finite number > 0 (got ${weight})`);
    if (!isFloat32Array(weights)) throw new WeightsError('BAD_PAYLOAD', 'weights must be a Float32Array');
    const g = this.global;
    const s = this.deltaSum;
    const n = s.length;
    if (weights.length !== n) throw new WeightsError('WRONG_SHAPE', `update has ${weights.length} parameters, the model ${n}`);
    for (let i = 0; i < n; i++) s[i] += weight * (weights[i] - g[i]);
    this.accepted++;
    this.totalWeight += weight;
  }

  /** A plain snapshot for `Strategy.aggregate` (shares `deltaSum`, no copy). */
  toInput(): AggregateInput {
    return { deltaSum: this.deltaSum, weightSum: this.totalWeight, count: this.accepted };
  }
}
