/**
 * @module chaos/compare-models
 * Compares two final global models of secure jobs run with the same seed.
 * Secure rounds quantise with CSPRNG stochastic rounding, so two runs differ:
 * per round and coordinate by at most 2 quantisation steps (each run's
 * rounding error is below one step, 2·clip/(2^bits − 1)), plus one float32
 * ulp for storing the round's model. Documented bound per coordinate:
 * rounds × (2 · 2·clip/(2^bits − 1) + ulp32(|w|)).
 */
import { deserializeWeights } from '@fl/fl-core';
import { encodingBits } from '@fl/secagg';

/** Quantisation bits the coordinator encodes a cohort of n with (`@fl/secagg` encodingBits). */
export function bitsFor(n: number): number {
  return encodingBits(Math.max(1, n));
}

function ulp32(x: number): number {
  const a = Math.max(Math.abs(x), 2 ** -126);
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

export interface ModelComparison {
  maxAbsDiff: number;
  /** Largest diff / bound over the coordinates (≤ 1 within the bound). */
  worstRatio: number;
  withinBound: boolean;
}

export function compareSecureModels(a: Uint8Array, b: Uint8Array, o: { rounds: number; clip: number; clients: number }): ModelComparison {
  const x = deserializeWeights(a).data;
  const y = deserializeWeights(b).data;
  if (x.length !== y.length) return { maxAbsDiff: Infinity, worstRatio: Infinity, withinBound: false };
  const step = (2 * o.clip) / (2 ** bitsFor(o.clients) - 1);
  let maxAbsDiff = 0;
  let worstRatio = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    const bound = o.rounds * (2 * step + ulp32(Math.max(Math.abs(x[i]), Math.abs(y[i]))));
    maxAbsDiff = Math.max(maxAbsDiff, d);
    worstRatio = Math.max(worstRatio, d / bound);
  }
  return { maxAbsDiff, worstRatio, withinBound: worstRatio <= 1 };
}
