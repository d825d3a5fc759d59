/**
 * @module graph/params
 * Choosing and checking SecAgg+ parameters (k, t) (Bell et al., CCS 2020;
 * ALGORITHMS.md §6). Each client Shamir-shares its secrets t-of-(k+1) over its
 * closed neighbourhood N[u] (its k neighbours and itself, as Bonawitz et al.
 * share over all of U1 including u).
 *
 * For n clients, dropout fraction ρ, corrupt fraction γ, σ bits of security and
 * failure probability 2^−η, `chooseSecAggParams` returns the smallest even k
 * (< n − 1) with a t meeting
 *  1. correctness: n·P[Bin(k, 1−ρ) < t] ≤ 2^−η (a dropped client keeps t live holders);
 *  2. secrecy: n·P[Bin(k, γ) ≥ t'] ≤ 2^−σ, with t' = t (semi-honest server) or
 *     t' = 2t − k − 1 (active: a server lying about dropouts gets one kind of share
 *     from each honest holder and both from corrupt ones; u holds one share of
 *     itself and never reveals its own s^SK share, hence one below §6's 2t − k).
 * It picks the smallest such t (most dropout head-room).
 * Condition 3 of §6 (honest survivors stay connected, so every sum the server
 * can isolate holds many honest inputs) is NOT enforced: take it from the paper
 * before relying on sparse graphs against a malicious server.
 *
 * When no sparse k < n − 1 works (small cohorts), it falls back to the complete
 * graph (Bonawitz et al.) with its deterministic bound: n_C = ⌈γ·n⌉ corrupt
 * clients, t = max(⌊2n/3⌋ + 1, ⌊(n + n_C)/2⌋ + 1) (active) or
 * max(⌊2n/3⌋ + 1, n_C + 1) (semi-honest); refused when t > n. The binomial
 * correctness bound is then reported (`log2Correctness`), not enforced: below t
 * survivors the round aborts cleanly, it never leaks.
 */
import { MAX_PARTICIPANTS } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ThreatModel } from '../stages';
import { binomialLogPmf, log2BinomialAtLeast, log2BinomialBelow } from './binomial';

export interface SecAggParams {
  n: number;
  /** Neighbours per client (n − 1: complete graph). */
  k: number;
  /** Shamir threshold over the closed neighbourhood (k + 1 holders). */
  t: number;
  complete: boolean;
  model: ThreatModel;
  /** log2 of the correctness-failure bound (condition 1; complete graph: P[Bin(n, 1−ρ) < t]). */
  log2Correctness: number;
  /** log2 of the secrecy-failure bound (condition 2; −Infinity when impossible by construction). */
  log2Secrecy: number;
  /** Whether both bounds meet 2^−η and 2^−σ. */
  meetsTargets: boolean;
}

const fail = (msg: string): never => {
  throw new SecAggError(SecAggErrorCode.InvalidParams, msg);
};

/**
 * Throws `INVALID_PARAMS` unless (n, k, t) is usable: 3 ≤ n; 2 ≤ k ≤ n − 1 with
 * k even unless complete; 2 ≤ t ≤ k + 1; and in the active model t > (k + 1)/2
 * (otherwise honest holders alone could be split into two groups of t).
 */
export function validateSecAggParams(n: number, k: number, t: number, model: ThreatModel = 'active'): void {
  if (!Number.isInteger(n) || n < 3 || n > MAX_PARTICIPANTS) fail(`n = ${n} must be an integer in [3, ${MAX_PARTICIPANTS}]`);
  if (!Number.isInteger(k) || k < 2 || k > n - 1) fail(`k = ${k} must be an integer in [2, n − 1 = ${n - 1}]`);
  if (k < n - 1 && k % 2 !== 0) fail(`k = ${k} must be even for a sparse (Harary) graph, or n − 1 for the complete graph`);
  if (!Number.isInteger(t) || t < 2 || t > k + 1) fail(`t = ${t} must be an integer in [2, k + 1 = ${k + 1}]`);
  if (model === 'active' && 2 * t <= k + 1) fail(`t = ${t} must exceed (k + 1)/2 = ${(k + 1) / 2} against an active server`);
}

function checkInputs(n: number, rho: number, gamma: number, sigma: number, eta: number): void {
  if (!Number.isInteger(n) || n < 3 || n > MAX_PARTICIPANTS) fail(`n = ${n} must be an integer in [3, ${MAX_PARTICIPANTS}]`);
  if (!(rho >= 0 && rho < 1)) fail(`dropout fraction ρ = ${rho} must be in [0, 1)`);
  if (!(gamma >= 0 && gamma < 1)) fail(`corrupt fraction γ = ${gamma} must be in [0, 1)`);
  if (!(sigma > 0 && sigma <= 256)) fail(`σ = ${sigma} must be in (0, 256]`);
  if (!(eta > 0 && eta <= 256)) fail(`η = ${eta} must be in (0, 256]`);
}

/** Smallest t secure for k under `model`, or null. */
function smallestSecureT(n: number, k: number, gamma: number, sigma: number, model: ThreatModel): { t: number; log2: number } | null {
  const pmf = binomialLogPmf(k, gamma);
  const log2n = Math.log2(n);
  const tMin = model === 'active' ? Math.floor((k + 1) / 2) + 1 : 2;
  for (let t = tMin; t <= k + 1; t++) {
    const tPrime = model === 'active' ? 2 * t - k - 1 : t;
    const log2 = tPrime > k ? -Infinity : log2n + log2BinomialAtLeast(k, gamma, tPrime, pmf);
    if (log2 <= -sigma) return { t, log2 };
  }
  return null;
}

export function chooseSecAggParams(
  n: number,
  rho: number,
  gamma: number,
  sigma = 40,
  eta = 20,
  options: { model?: ThreatModel } = {},
): SecAggParams {
  const model = options.model ?? 'active';
  checkInputs(n, rho, gamma, sigma, eta);
  const log2n = Math.log2(n);
  for (let k = 2; k < n - 1; k += 2) {
    const sec = smallestSecureT(n, k, gamma, sigma, model);
    if (!sec) continue;
    const cor = log2n + log2BinomialBelow(k, 1 - rho, sec.t);
    if (cor <= -eta) {
      validateSecAggParams(n, k, sec.t, model);
      return { n, k, t: sec.t, complete: false, model, log2Correctness: cor, log2Secrecy: sec.log2, meetsTargets: true };
    }
  }
  // Complete graph (Bonawitz et al.): deterministic bound on n_C = ⌈γn⌉ corrupt clients.
  const k = n - 1;
  const nC = Math.ceil(gamma * n - 1e-9);
  const tSec = model === 'active' ? Math.floor((n + nC) / 2) + 1 : nC + 1;
  const t = Math.max(Math.floor((2 * n) / 3) + 1, tSec, 2);
  if (t > n) fail(`no threshold works: ${nC} corrupt of ${n} clients needs t = ${tSec} > n`);
  validateSecAggParams(n, k, t, model);
  const cor = log2BinomialBelow(n, 1 - rho, t);
  return { n, k, t, complete: true, model, log2Correctness: cor, log2Secrecy: -Infinity, meetsTargets: cor <= -eta };
}
