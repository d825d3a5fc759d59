/**
 * @module aggregation/update-store
 * A plain round's individual updates Δ_k = x_k − x_t, kept for strategies
 * that need them (robust aggregation: median, trimmed mean, Krum, Bulyan),
 * where the FedAvg path folds each update into a running sum instead
 * (`WeightedDeltaSum`).
 *
 * Memory is cohort size × model size × 4 bytes (Float32), bounded by
 * `capacityBytes`: an update that would exceed it is refused (OVERSIZED)
 * without being kept. Each update is its own ArrayBuffer, so the whole set can
 * be transferred to the aggregate worker without a copy. Updates are refused
 * on NaN/±Inf in x_k or in x_k − x_t, on a layout mismatch and on a second
 * update from the same client.
 */
import type { TensorSpec } from '@fl/protocol';
import { AggregationError } from '../errors/aggregation-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { WeightsError } from '../errors/weights-error';
import { decodeWeights } from '../weights/decode';
import { firstNonFinite } from '../weights/finite';
import { l2Norm } from '../bounds/l2-norm';
import type { AggregateInput } from './aggregate-input';

/** Default bound on the individual updates of one round: 1 GiB (e.g. 256 clients × 1M parameters). */
export const DEFAULT_UPDATE_STORE_BYTES = 1024 * 1024 * 1024;

export class UpdateStore {
  private readonly byClient = new Map<string, Float32Array>();
  private readonly weights = new Map<string, number>();
  private totalWeight = 0;

  /** @param global the round's x_t (read, never kept beyond the round). */
  constructor(
    private readonly global: Float32Array,
    readonly capacityBytes = DEFAULT_UPDATE_STORE_BYTES,
  ) {}

  /** Number of updates kept. */
  get count(): number {
    return this.byClient.size;
  }

  /** How many updates of this model fit in the store. */
  get capacity(): number {
    return Math.floor(this.capacityBytes / Math.max(4, this.global.byteLength));
  }

  /**
   * Decodes x_k (layout checked against `expected`), keeps Δ_k = x_k − x_t.
   * `weight` is only summed (robust rules ignore it). Nothing is kept on a refusal.
   * @throws WeightsError (decode, WRONG_SHAPE, NON_FINITE, OVERSIZED), AggregationError BAD_WEIGHT.
   */
  addSerialized(clientId: string, bytes: Uint8Array, weight: number, expected?: TensorSpec[], bound?: (norm: number) => number | null): void {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new AggregationError('BAD_WEIGHT', `aggregation weight must be a finite number > 0 (got ${weight})`);
    if (this.byClient.has(clientId)) throw new WeightsError('BAD_PAYLOAD', `client ${clientId} already sent an update this round`);
    if (this.byClient.size + 1 > this.capacity)
      throw new WeightsError('OVERSIZED', `the round keeps at most ${this.capacity} individual updates of this model (${this.capacityBytes} bytes)`);
    const x = decodeWeights(bytes, expected).data;
    const g = this.global;
    if (x.length !== g.length) throw new WeightsError('WRONG_SHAPE', `update has ${x.length} parameters, the model ${g.length}`);
    const delta = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) delta[i] = x[i] - g[i];
    const bad = firstNonFinite(delta); // NaN/Inf in x_k, or x_k − x_t overflowing float32
    if (bad >= 0) throw new WeightsError('NON_FINITE', `update holds NaN/Inf at index ${bad}`);
    if (bound) scaleToBound(delta, bound);
    this.byClient.set(clientId, delta);
    this.weights.set(clientId, weight);
    this.totalWeight += weight;
  }

  /** The L2 norm ‖Δ_k‖ (Float64) of each kept update, ordered by client id. */
  norms(): Array<{ clientId: string; norm: number }> {
    return this.ids().map((clientId) => ({ clientId, norm: l2Norm(this.byClient.get(clientId)!) }));
  }

  /**
   * Applies per-update bounds once every update is in (bounds/round-bound):
   * `factors` maps a client id to the factor in (0, 1] its Δ_k is scaled by,
   * or null to drop the update (its weight leaves the total). Ids not in the
   * map are kept as they are.
   * @throws InvalidArgumentError for a factor outside (0, 1]
   */
  scale(factors: ReadonlyMap<string, number | null>): void {
    for (const [id, s] of factors) {
      const delta = this.byClient.get(id);
      if (!delta) continue;
      if (s === null) {
        this.byClient.delete(id);
        this.totalWeight -= this.weights.get(id)!;
        this.weights.delete(id);
        continue;
      }
      if (!(s > 0 && s <= 1)) throw new InvalidArgumentError('UpdateStore.scale', [`factor must be in (0, 1] or null (got ${s})`]);
      if (s < 1) for (let i = 0; i < delta.length; i++) delta[i] *= s;
    }
  }

  /**
   * The FedAvg input from the kept updates: Σ_k w_k·Δ_k in Float64, in
   * client-id order (arrival order never matters). The reference that
   * `HeldUpdates` (which plain FedAvg rounds under the `median` bound use) is
   * tested against, bit for bit.
   */
  toSumInput(): AggregateInput {
    const deltaSum = new Float64Array(this.global.length);
    const ids = this.ids();
    for (const id of ids) {
      const d = this.byClient.get(id)!;
      const w = this.weights.get(id)!;
      for (let i = 0; i < d.length; i++) deltaSum[i] += w * d[i];
    }
    return { deltaSum, weightSum: this.totalWeight, count: ids.length };
  }

  private ids(): string[] {
    return [...this.byClient.keys()].sort();
  }

  /** The strategy's input: the updates ordered by client id (so arrival order never matters), no sum. */
  toInput(): AggregateInput {
    const ids = this.ids();
    return { deltaSum: new Float64Array(0), weightSum: this.totalWeight, count: ids.length, updates: ids.map((id) => this.byClient.get(id)!) };
  }

  /** Drops every update (they may have been transferred to a worker already). */
  dispose(): void {
    this.byClient.clear();
    this.weights.clear();
  }
}

/** Applies a norm bound (bounds/update-bound) to Δ in place: scaled by the factor it returns, or refused (null). */
function scaleToBound(delta: Float32Array, bound: (norm: number) => number | null): void {
  let ss = 0;
  for (let i = 0; i < delta.length; i++) ss += delta[i] * delta[i];
  const norm = Math.sqrt(ss);
  const s = bound(norm);
  if (s === null) throw new AggregationError('UPDATE_TOO_LARGE', `the update's L2 norm ${norm.toPrecision(4)} exceeds the round's bound`);
  if (!(s > 0 && s <= 1)) throw new InvalidArgumentError('UpdateStore.addSerialized', [`bound must return a factor in (0, 1] or null (got ${s})`]);
  if (s < 1) for (let i = 0; i < delta.length; i++) delta[i] *= s;
}
