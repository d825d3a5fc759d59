/**
 * @module attacks/ddg-attacks
 * An attack on a differentially private secure round (docs/privacy.md "Range
 * check"; attack benchmark and tests only): a member that skips clipping. It
 * runs the distributed discrete Gaussian chain of `@fl/privacy` (Kairouz,
 * Liu, Steinke, ICML 2021) like an honest client — the round's rotation seed,
 * scale, β, its own noise N_Z(0, σ²), mod 2^bits — but on an update of norm
 * `factor`·S, with that norm as its clip and rounding bound, so nothing in
 * the chain scales it down. Secure aggregation cannot see this (no input
 * proofs); the coordinator's range check of the decoded sum is what refuses
 * it (SUM_OUT_OF_RANGE).
 */
import type { RoundTask } from '@fl/protocol';
import { encodeDdgUpdate, type RandomBits } from '@fl/privacy';

/** How much larger than the clip norm S the unclipped update is. */
export const UNCLIPPED_FACTOR = 100;

/** The d ring words of an update of norm factor·S along (1, …, 1)/√P (P: the model's parameter count), or null for a task without the DDG encoding. */
export function unclippedDdgWords(task: RoundTask, factor = UNCLIPPED_FACTOR, rng?: RandomBits): Uint32Array | null {
  const p = task.privacy;
  const g = p?.ddg;
  if (!p || !g) return null;
  const params = task.model.layout.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  const norm = factor * p.clip;
  const update = new Float64Array(params).fill(norm / Math.sqrt(params));
  return encodeDdgUpdate(update, { clip: norm, scale: g.scale, beta: g.beta, bits: g.bits, seed: Buffer.from(g.seed, 'hex'), localVariance: g.localVariance }, rng).values;
}
