/**
 * @module sampling/sample-cohort
 * Uniform client sampling without replacement (partial Fisher–Yates). Pair it
 * with the n_k-weighted mean (McMahan et al., AISTATS 2017); over-selection is the
 * caller's `count`.
 */
import { assertNoProblems } from '../errors/invalid-argument-error';
import type { Rng } from './rng';

/**
 * `count` distinct ids drawn uniformly from `eligible`, in random order; all
 * of them, shuffled, when `count >= eligible.length`. Deterministic for an rng
 * state. Does not modify `eligible`.
 * @throws InvalidArgumentError for a negative / non-integer count or duplicate ids.
 */
export function sampleCohort(eligible: readonly string[], count: number, rng: Rng): string[] {
  const problems: string[] = [];
  if (!Array.isArray(eligible)) problems.push('eligible must be an array of ids');
  else if (new Set(eligible).size !== eligible.length) problems.push('eligible ids must be distinct');
  if (!Number.isSafeInteger(count) || count < 0) problems.push(`count must be a non-negative integer (got ${count})`);
  assertNoProblems('sampleCohort', problems);

  const pool = [...eligible];
  const k = Math.min(count, pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}
