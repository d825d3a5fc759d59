/**
 * @module rounding
 * Randomised rounding to the integer grid with the conditional norm bound of
 * Kairouz, Liu, Steinke (ICML 2021, §4.1, Prop. 22): each coordinate becomes
 * ⌊x⌋ + Bernoulli(x − ⌊x⌋) (unbiased), and the whole vector is redrawn until
 * its L2 norm is within `bound` — for an input of norm ≤ c, bound =
 * `roundedL2Bound(c, β, d)`, which a draw meets with probability ≥ 1 − β, so
 * the retries end quickly. The accountant charges exactly that bound as the
 * sensitivity.
 */
import { PrivacyError, PrivacyErrorCode, check } from './errors';
import { RandomBits } from './random-bits';

export const DEFAULT_MAX_ROUNDING_TRIES = 1000;

/** One unconditional randomised rounding of every coordinate. */
export function randomizedRound(x: ArrayLike<number>, rng: RandomBits = new RandomBits(), out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    check(Number.isFinite(v), `coordinate ${i} is not finite`);
    const f = Math.floor(v);
    out[i] = f + (rng.unit() < v - f ? 1 : 0);
  }
  return out;
}

export interface Rounded {
  values: Float64Array;
  /** Draws taken (1 = the first draw was within the bound). */
  tries: number;
}

/** Randomised rounding, redrawn until ‖x̃‖₂ ≤ bound; ROUNDING_FAILED after `maxTries`. */
export function conditionalRound(x: ArrayLike<number>, bound: number, rng: RandomBits = new RandomBits(), maxTries = DEFAULT_MAX_ROUNDING_TRIES): Rounded {
  check(Number.isFinite(bound) && bound >= 0, `rounding norm bound ${bound} must be finite and ≥ 0`);
  check(Number.isInteger(maxTries) && maxTries >= 1, `maxTries ${maxTries} must be an integer ≥ 1`);
  const values = new Float64Array(x.length);
  const bound2 = bound * bound;
  for (let tries = 1; tries <= maxTries; tries++) {
    randomizedRound(x, rng, values);
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i] * values[i];
    if (s <= bound2) return { values, tries };
  }
  throw new PrivacyError(PrivacyErrorCode.RoundingFailed, `randomised rounding exceeded the norm bound ${bound} in ${maxTries} draws (is the input clipped and scaled?)`);
}
