/**
 * @module ddg-chain
 * The client and server ends of distributed discrete Gaussian DP under
 * secure aggregation, in the order of Kairouz, Liu, Steinke (ICML 2021):
 * clip → randomised Hadamard rotation (seeded per round) → scale →
 * conditional randomised rounding → + N_Z(0, σ²) → mod 2^b. The server
 * decodes the modular sum: centre, unscale, unrotate. Only the composition
 * lives here; each step is its own module. Check the configuration with
 * `fit.checkFit` and charge it with `rdp-ddgauss` before using it.
 */
import { clipL2 } from './clip';
import { DiscreteGaussian } from './discrete-gaussian';
import { check } from './errors';
import { rotate, unrotate } from './hadamard';
import { fromModular, toModular } from './modular';
import { RandomBits } from './random-bits';
import type { Rational } from './rational';
import { roundedL2Bound } from './rdp-ddgauss';
import { conditionalRound } from './rounding';

export interface DdgEncoding {
  /** L2 clip norm S before scaling. */
  clip: number;
  /** Scale s (integer units per unit of update). */
  scale: number;
  /** Conditional rounding β ∈ [0, 1). */
  beta: number;
  /** Modulus 2^bits of the secure sum. */
  bits: number;
  /** 32-byte round seed shared by every client of the round (rotation signs). */
  seed: Uint8Array;
  /** Each client's noise variance σ² in the scaled integer domain (0 = no noise, for tests of the chain alone). */
  localVariance: number | Rational;
  /**
   * Adaptive clipping (Andrew et al. NeurIPS 2021): append one coordinate
   * a·(2b − 1), b = 1 if the update was not clipped, noised like the others
   * and summed in the same masked vector (never seen alone). Absent or 0: none.
   */
  countAmplitude?: number;
}

export interface EncodedUpdate {
  values: Uint32Array;
  /** ‖Δ‖ ≤ S (the adaptive-clipping indicator). */
  unclipped: boolean;
  norm: number;
  roundingTries: number;
}

export function encodeDdgUpdate(update: ArrayLike<number>, p: DdgEncoding, rng: RandomBits = new RandomBits()): EncodedUpdate {
  check(Number.isFinite(p.scale) && p.scale > 0, `scale ${p.scale} must be > 0`);
  const clipped = clipL2(update, p.clip);
  const y = rotate(clipped.values, p.seed);
  for (let i = 0; i < y.length; i++) y[i] *= p.scale;
  const rounded = conditionalRound(y, roundedL2Bound(p.clip * p.scale, p.beta, y.length), rng);
  const a = p.countAmplitude ?? 0;
  check(Number.isInteger(a) && a >= 0, `count amplitude ${a} must be an integer ≥ 0`);
  let v = rounded.values;
  if (a > 0) {
    v = Float64Array.from({ length: v.length + 1 }, (_, i) => (i < rounded.values.length ? rounded.values[i] : clipped.unclipped ? a : -a));
  }
  const noVariance = typeof p.localVariance === 'number' ? p.localVariance === 0 : p.localVariance.num === 0n;
  if (!noVariance) {
    const noise = new DiscreteGaussian(p.localVariance, rng).fill(new Float64Array(v.length));
    for (let i = 0; i < v.length; i++) v[i] += noise[i];
  }
  return { values: toModular(v, p.bits), unclipped: clipped.unclipped, norm: clipped.norm, roundingTries: rounded.tries };
}

/**
 * The noisy centred count Σ(b_k − ½) + noise from the count coordinate of the
 * modular sum (index `dim`), for amplitude a: the centred residue over 2a.
 */
export function decodeDdgCount(sum: Uint32Array, p: Pick<DdgEncoding, 'bits'> & { dim: number; countAmplitude: number }): number {
  check(Number.isInteger(p.countAmplitude) && p.countAmplitude >= 1, `count amplitude ${p.countAmplitude} must be an integer ≥ 1`);
  check(sum.length > p.dim, `the sum has ${sum.length} words, the count coordinate is word ${p.dim}`);
  return fromModular(sum.subarray(p.dim, p.dim + 1), p.bits)[0] / (2 * p.countAmplitude);
}

/** The sum's real-valued estimate from its residues (length = the original update length). */
export function decodeDdgSum(sum: Uint32Array, p: Pick<DdgEncoding, 'scale' | 'bits' | 'seed'>, length: number): Float64Array {
  const z = fromModular(sum, p.bits);
  for (let i = 0; i < z.length; i++) z[i] /= p.scale;
  return unrotate(z, p.seed, length);
}
