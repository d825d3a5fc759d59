/**
 * @module aggregation/weighted-delta-sum
 * Streaming weighted sum of updates, Σ_k w_k·(x_k − x_t), accumulated in
 * Float64 (McMahan et al., AISTATS 2017). Each accepted update is folded in as it
 * arrives and can then be dropped, so memory stays at one Float64 vector per
 * round whatever the cohort size.
 *
 * Storage and arithmetic come from a backend picked at construction
 * (kernels/backend): WebAssembly SIMD (`WasmDeltaStore`: x_t and the sum live
 * in the sum's own wasm memory for the whole round; scan + accumulate ≈ 1.5 ms
 * per 1M-parameter update vs ≈ 12 ms in JS, bench/kernels.js) or plain JS
 * (`JsDeltaStore`). Both give bit-identical sums.
 *
 * `add` refuses NaN/±Inf (WeightsError NON_FINITE) without touching the sum.
 * For the fastest intake, receive each upload into `updateBuffer(bytes)`
 * (see aggregation/update-buffer) and fold it in with `addSerialized`: one
 * NaN/Inf scan, and the scan and the sum read the upload in place.
 *
 * With the wasm backend `deltaSum` is a view into wasm memory: use it before
 * the next `updateBuffer()` call (which may grow, and so detach, that memory)
 * and before `dispose()`, or copy it. x_t is copied at construction (wasm) or
 * read live (JS): it must not change while summing either way.
 *
 * Call `dispose()` once the round's aggregate is computed: the wasm memory
 * then serves the next round's sum (kernels/kernel-pool) instead of new memory
 * whose first touch costs page faults. Without it the memory simply goes with
 * the garbage collector.
 */
import { AggregationError } from '../errors/aggregation-error';
import { l2DeltaNorm } from '../bounds/l2-norm';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { WeightsError } from '../errors/weights-error';
import { MAX_MODEL_BYTES, type TensorSpec } from '@fl/protocol';
import { kernelBackend, type KernelBackend } from '../kernels/backend';
import { decodeWeights } from '../weights/decode';
import type { ModelWeights } from '../weights/model-weights';
import type { AggregateInput } from './aggregate-input';
import type { DeltaStore } from './delta-store';
import { JsDeltaStore } from './js-delta-store';
import type { UpdateBuffer } from './update-buffer';
import { WasmDeltaStore } from './wasm-delta-store';

function isFloat32Array(v: unknown): v is Float32Array {
  return Object.prototype.toString.call(v) === '[object Float32Array]';
}

function checkWeight(weight: number): void {
  if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight))
    throw new AggregationError('BAD_WEIGHT', `aggregation weight must be a finite number > 0 (got ${weight})`);
}

export class WeightedDeltaSum implements AggregateInput {
  /** The kernels this sum runs on, fixed at construction. */
  readonly backend: KernelBackend;
  private readonly store: DeltaStore;
  private readonly n: number;
  private readonly global: Float32Array;
  private accepted = 0;
  private totalWeight = 0;

  /** @param global the round's global model x_t; must not change while summing. */
  constructor(global: Float32Array) {
    if (!isFloat32Array(global)) throw new InvalidArgumentError('WeightedDeltaSum', ['global must be a Float32Array']);
    this.n = global.length;
    this.global = global;
    this.backend = kernelBackend();
    this.store = this.backend === 'wasm' ? new WasmDeltaStore(global) : new JsDeltaStore(global);
  }

  /** Σ w_k·(x_k − x_t) of the updates added (Float64; with wasm, a view valid until the next `updateBuffer()`). */
  get deltaSum(): Float64Array {
    return this.store.sum();
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
   *   WeightsError WRONG_SHAPE when the length differs from the global model,
   *   NON_FINITE when x_k holds NaN/±Inf, BAD_PAYLOAD when not a Float32Array.
   *   A refused update leaves the sum, count and weight sum untouched.
   */
  add(weights: Float32Array, weight: number): void {
    checkWeight(weight);
    if (!isFloat32Array(weights)) throw new WeightsError('BAD_PAYLOAD', 'weights must be a Float32Array');
    this.fold(weights, weight);
  }

  /**
   * Decodes serialized weights (structure and layout) and `add`s them: the
   * NaN/Inf scan happens once, inside the store, while it copies the update
   * in. Returns the decoded weights (a view into `bytes` when aligned).
   *
   * With `bound`, the update's L2 norm ‖x_k − x_t‖ is measured first and
   * `bound(norm)` decides: a factor s ∈ (0, 1] folds in w_k·s·(x_k − x_t)
   * while the weight sum still grows by w_k (a clipped update keeps its
   * weight, bounds/update-bound); null refuses the update (UPDATE_TOO_LARGE).
   * A NaN/Inf update reaches `bound` with a non-finite norm and is refused
   * by the store whatever it answers.
   * @throws as `deserializeWeights` and `add`; AggregationError UPDATE_TOO_LARGE; nothing is added on a refusal.
   */
  addSerialized(bytes: Uint8Array, weight: number, expected?: TensorSpec[], bound?: (norm: number) => number | null): ModelWeights {
    checkWeight(weight);
    const w = decodeWeights(bytes, expected);
    let scale = 1;
    if (bound) {
      if (w.data.length !== this.n) throw new WeightsError('WRONG_SHAPE', `update has ${w.data.length} parameters, the model ${this.n}`);
      const norm = l2DeltaNorm(w.data, this.global);
      const s = bound(norm);
      if (s === null) throw new AggregationError('UPDATE_TOO_LARGE', `the update's L2 norm ${norm.toPrecision(4)} exceeds the round's bound`);
      if (Number.isFinite(norm)) scale = s;
      if (!(scale > 0 && scale <= 1)) throw new InvalidArgumentError('WeightedDeltaSum.addSerialized', [`bound must return a factor in (0, 1] or null (got ${s})`]);
    }
    this.fold(w.data, weight, scale);
    return w;
  }

  private fold(weights: Float32Array, weight: number, scale = 1): void {
    if (weights.length !== this.n) throw new WeightsError('WRONG_SHAPE', `update has ${weights.length} parameters, the model ${this.n}`);
    this.store.add(weights, weight * scale);
    this.accepted++;
    this.totalWeight += weight;
  }

  /**
   * A receive buffer of `byteLength` bytes for one upload (e.g. the target of
   * a `ChunkAssembler`), recycled after `release()`. See aggregation/update-buffer.
   * @throws InvalidArgumentError unless 0 < byteLength ≤ MAX_MODEL_BYTES (integer).
   */
  updateBuffer(byteLength: number): UpdateBuffer {
    if (!Number.isSafeInteger(byteLength) || byteLength <= 0 || byteLength > MAX_MODEL_BYTES)
      throw new InvalidArgumentError('WeightedDeltaSum.updateBuffer', [`byteLength must be an integer in [1, ${MAX_MODEL_BYTES}] (got ${byteLength})`]);
    return this.store.updateBuffer(byteLength);
  }

  /**
   * Ends the sum: its memory goes back to the pool for the next round's sum,
   * and every view into it (deltaSum, update buffers, weights decoded from
   * them) is detached. `count`/`weightSum` still read; anything else then
   * throws InvalidArgumentError. Idempotent.
   */
  dispose(): void {
    this.store.dispose();
  }

  /** A plain snapshot for `Strategy.aggregate` (shares `deltaSum`, no copy). */
  toInput(): AggregateInput {
    return { deltaSum: this.deltaSum, weightSum: this.totalWeight, count: this.accepted };
  }
}
