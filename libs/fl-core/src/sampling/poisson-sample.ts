/**
 * @module sampling/poisson-sample
 * Poisson sampling for user-level DP-FedAvg (McMahan, Ramage, Talwar, Zhang,
 * ICLR 2018): each eligible client joins the cohort independently with
 * probability q, so the cohort size is Binomial(N, q). The accountant's
 * privacy amplification (Mironov, Talwar, Zhang 2019) assumes exactly this and
 * that the draws are hidden from the adversary: pass uniforms from a CSPRNG,
 * not from a seed anyone can read.
 */
import { assertNoProblems } from '../errors/invalid-argument-error';

/** The ids with `uniform() < q`, each drawn once, in input order. `uniform` returns values in [0, 1). */
export function poissonSample(eligible: readonly string[], q: number, uniform: () => number): string[] {
  const problems: string[] = [];
  if (!Array.isArray(eligible)) problems.push('eligible must be an array of ids');
  else if (new Set(eligible).size !== eligible.length) problems.push('eligible ids must be distinct');
  if (!(Number.isFinite(q) && q >= 0 && q <= 1)) problems.push(`q must be in [0, 1] (got ${q})`);
  assertNoProblems('poissonSample', problems);
  return eligible.filter(() => uniform() < q);
}
