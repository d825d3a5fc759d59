/**
 * @module sampling/gamma
 * Gamma and Dirichlet variates — Marsaglia & Tsang, "A Simple Method for
 * Generating Gamma Variables", ACM TOMS 26(3), 2000. For α < 1 the boost
 * Gamma(α) = Gamma(α + 1)·U^{1/α} is applied in log space, so tiny α does
 * not underflow to an all-zero Dirichlet draw.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Rng } from './rng';

/** Standard normal (Marsaglia polar method). */
export function sampleNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** log of a Gamma(α, 1) variate, α > 0. */
export function sampleLogGamma(rng: Rng, alpha: number): number {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new InvalidArgumentError('sampleGamma', [`alpha must be a finite number > 0 (got ${alpha})`]);
  const boost = alpha < 1 ? Math.log(1 - rng.next()) / alpha : 0; // log U^{1/α}, U ∈ (0, 1]
  const a = alpha < 1 ? alpha + 1 : alpha;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = 1 - rng.next(); // (0, 1]
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d * v) + boost;
  }
}

/** A Gamma(α, 1) variate, α > 0. */
export function sampleGamma(rng: Rng, alpha: number): number {
  return Math.exp(sampleLogGamma(rng, alpha));
}

/** Proportions drawn from a symmetric Dirichlet(α, …, α) over `k` parts (sum 1). */
export function sampleDirichlet(rng: Rng, alpha: number, k: number): number[] {
  const logs = Array.from({ length: k }, () => sampleLogGamma(rng, alpha));
  let max = -Infinity;
  for (const l of logs) if (l > max) max = l;
  const w = logs.map((l) => Math.exp(l - max)); // the largest is 1: never all zero
  const sum = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / sum);
}
