/**
 * @module aggregation/mean
 * Free aggregation functions, tested on their own: the weighted mean update
 * Δ̄ = Σw_kΔ_k / Σw_k, applying an update to a model, and plain weighted means
 * of vectors and of scalars (metrics are weighted by *evaluation* example
 * counts, McMahan et al., AISTATS 2017).
 *
 * `meanDelta` and `applyDelta` (with a Float64Array delta) run the WebAssembly
 * SIMD kernels when the backend is wasm, with the NaN/Inf check fused into the
 * same pass; the results are bit-identical to the JS loops.
 */
import { AggregationError } from '../errors/aggregation-error';
import { WeightsError } from '../errors/weights-error';
import { kernelBackend } from '../kernels/backend';
import { applyJs, divideJs } from '../kernels/js-kernels';
import { wasmApply, wasmDivide } from '../kernels/streamed-kernels';
import type { AggregateInput } from './aggregate-input';

function isFloat64Array(v: unknown): v is Float64Array {
  return Object.prototype.toString.call(v) === '[object Float64Array]';
}

function isFloat32Array(v: unknown): v is Float32Array {
  return Object.prototype.toString.call(v) === '[object Float32Array]';
}

function checkWeight(w: number, i: number): void {
  if (typeof w !== 'number' || !(w > 0) || !Number.isFinite(w))
    throw new AggregationError('BAD_WEIGHT', `weight ${i} must be a finite number > 0 (got ${w})`);
}

/**
 * Δ̄ = deltaSum / weightSum, in Float64.
 * @throws AggregationError NO_RESULTS when count or weightSum is 0, NON_FINITE when Δ̄ holds NaN/Inf.
 */
export function meanDelta(input: AggregateInput): Float64Array {
  const { deltaSum, weightSum, count } = input;
  if (!(count >= 1)) throw new AggregationError('NO_RESULTS', 'no results to aggregate');
  if (!(weightSum > 0) || !Number.isFinite(weightSum))
    throw new AggregationError('NO_RESULTS', `total aggregation weight must be a finite number > 0 (got ${weightSum})`);
  let out: Float64Array;
  let bad: number;
  if (kernelBackend() === 'wasm' && isFloat64Array(deltaSum)) ({ out, bad } = wasmDivide(deltaSum, weightSum));
  else bad = divideJs((out = new Float64Array(deltaSum.length)), deltaSum, weightSum);
  if (bad >= 0) throw new AggregationError('NON_FINITE', `mean update is ${out[bad]} at index ${bad}`);
  return out;
}

/**
 * A new model x + scale·delta (Float32).
 * @throws WeightsError WRONG_SHAPE on a length mismatch; AggregationError NON_FINITE on NaN/Inf.
 */
export function applyDelta(global: Float32Array, delta: ArrayLike<number>, scale = 1): Float32Array {
  const n = global.length;
  if (delta.length !== n) throw new WeightsError('WRONG_SHAPE', `update has ${delta.length} parameters, the model ${n}`);
  let out: Float32Array;
  let bad: number;
  if (kernelBackend() === 'wasm' && isFloat64Array(delta) && isFloat32Array(global)) ({ out, bad } = wasmApply(global, delta, scale));
  else bad = applyJs((out = new Float32Array(n)), global, delta, scale);
  if (bad >= 0) throw new AggregationError('NON_FINITE', `new model is ${out[bad]} at index ${bad}`);
  return out;
}

/** Σ w_k·v_k / Σ w_k for equally long vectors, in Float64. */
export function weightedMean(vectors: readonly ArrayLike<number>[], weights: readonly number[]): Float64Array {
  if (vectors.length === 0) throw new AggregationError('NO_RESULTS', 'no vectors to average');
  if (vectors.length !== weights.length) throw new WeightsError('WRONG_SHAPE', `${vectors.length} vectors but ${weights.length} weights`);
  const n = vectors[0].length;
  const out = new Float64Array(n);
  let total = 0;
  vectors.forEach((v, k) => {
    const w = weights[k];
    checkWeight(w, k);
    if (v.length !== n) throw new WeightsError('WRONG_SHAPE', `vector ${k} has ${v.length} entries, expected ${n}`);
    for (let i = 0; i < n; i++) out[i] += w * v[i];
    total += w;
  });
  for (let i = 0; i < n; i++) out[i] /= total;
  return out;
}

