/**
 * @module graph/params
 * Choosing and checking SecAgg+ parameters (k, t) (Bell et al., CCS 2020;
 * README.md "Parameters"). Each client Shamir-shares its secrets t-of-(k+1) over its
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
 *     itself and never reveals its own s^SK share, hence one below Bell et al.'s 2t − k).
 * It picks the smallest such t (most dropout head-room).
 * Bell et al.'s condition 3 (honest survivors stay connected, so every sum the server
 * can isolate holds many honest inputs) is NOT enforced: take it from the paper
 * before relying on sparse graphs against a malicious server.
 *
 * When no sparse k < n − 1 works (small cohorts), it falls back to the complete
 * graph (Bonawitz et al.) with its deterministic bound: n_C = ⌈γ·n⌉ corrupt
 * clients, t = max(⌊2n/3⌋ + 1, ⌊(n + n_C)/2⌋ + 1) (active) or
 * max(⌊2n/3⌋ + 1, n_C + 1) (semi-honest); refused when t > n. The binomial
 * correctness bound is then reported (`log2Correctness`), not enforced: below t
 * survivors the round aborts cleanly, it never leaks.
 *
 * Clients do not take (k, t) on trust: `checkSecAggPolicy` refuses with
 * `WEAK_PARAMS` any (k, t) weaker than their own `SecAggPolicy` allows (the
 * same secrecy computation, or the same complete-graph bound), so a server
 * cannot pick a threshold that its corrupt clients could meet.
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

/** t′: the shares an adversary needs — t (semi-honest) or 2t − k − 1 (active, see the module comment). */
const secrecyThreshold = (k: number, t: number, model: ThreatModel): number => (model === 'active' ? 2 * t - k - 1 : t);

/** log2 of condition 2's bound, n·P[Bin(k, γ) ≥ t′] (−Infinity when t′ > k). One computation for the chooser and the check. */
function log2SecrecyBound(n: number, k: number, t: number, gamma: number, model: ThreatModel, pmf: Float64Array): number {
  const tPrime = secrecyThreshold(k, t, model);
  return tPrime > k ? -Infinity : Math.log2(n) + log2BinomialAtLeast(k, gamma, tPrime, pmf);
}

/** Smallest t secure for k under `model`, or null. */
function smallestSecureT(n: number, k: number, gamma: number, sigma: number, model: ThreatModel): { t: number; log2: number } | null {
  const pmf = binomialLogPmf(k, gamma);
  const tMin = model === 'active' ? Math.floor((k + 1) / 2) + 1 : 2;
  for (let t = tMin; t <= k + 1; t++) {
    const log2 = log2SecrecyBound(n, k, t, gamma, model, pmf);
    if (log2 <= -sigma) return { t, log2 };
  }
  return null;
}

/**
 * Bonawitz et al.'s deterministic threshold for the complete graph with
 * n_C = ⌈γn⌉ corrupt clients: max(⌊2n/3⌋ + 1, ⌊(n + n_C)/2⌋ + 1) (active) or
 * max(⌊2n/3⌋ + 1, n_C + 1) (semi-honest). May exceed n (then nothing works).
 */
export function bonawitzThreshold(n: number, gamma: number, model: ThreatModel = 'active'): { t: number; nC: number; tSec: number } {
  const nC = Math.ceil(gamma * n - 1e-9);
  const tSec = model === 'active' ? Math.floor((n + nC) / 2) + 1 : nC + 1;
  return { t: Math.max(Math.floor((2 * n) / 3) + 1, tSec, 2), nC, tSec };
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
  return completeGraphParams(n, rho, gamma, eta, { model });
}

/**
 * The complete graph (Bonawitz et al., k = n − 1) with its deterministic bound on
 * n_C = ⌈γn⌉ corrupt clients; `chooseSecAggParams` falls back to it when no
 * sparse k qualifies, and `graph: 'complete'` jobs use it directly.
 */
export function completeGraphParams(n: number, rho: number, gamma: number, eta = 20, options: { model?: ThreatModel } = {}): SecAggParams {
  const model = options.model ?? 'active';
  checkInputs(n, rho, gamma, 40, eta);
  const k = n - 1;
  const { t, nC, tSec } = bonawitzThreshold(n, gamma, model);
  if (t > n) fail(`no threshold works: ${nC} corrupt of ${n} clients needs t = ${tSec} > n`);
  validateSecAggParams(n, k, t, model);
  const cor = log2BinomialBelow(n, 1 - rho, t);
  return { n, k, t, complete: true, model, log2Correctness: cor, log2Secrecy: -Infinity, meetsTargets: cor <= -eta };
}

/**
 * What a client accepts, whatever the server proposes: the dropout fraction ρ
 * and corrupt fraction γ it assumes, σ bits of secrecy and 2^−η abort
 * probability. `checkSecAggPolicy` enforces the secrecy side (conditions on γ
 * and σ); ρ and η only drive the chooser, since a (k, t) that aborts too often
 * costs availability, never privacy.
 */
export interface SecAggPolicy {
  /** ρ: expected dropout fraction, in [0, 1). */
  dropout: number;
  /** γ: fraction of clients assumed corrupt (colluding with the server), in [0, 1). */
  corruption: number;
  /** σ: secrecy failure probability at most 2^−σ. */
  sigma: number;
  /** η: correctness failure probability at most 2^−η. */
  eta: number;
  /** Refuse `threatModel: 'semi-honest'` configs (a server could otherwise drop signatures). Default false. */
  requireActive?: boolean;
}

/**
 * The deployment default, shared by the coordinator (`chooseSecAggParams(n,
 * p.dropout, p.corruption, p.sigma, p.eta)`) and the clients (`ClientEnv.policy`).
 */
export const DEFAULT_SECAGG_POLICY: Readonly<SecAggPolicy> = Object.freeze({ dropout: 0.1, corruption: 0.05, sigma: 40, eta: 20 });

/**
 * Throws `WEAK_PARAMS` when a valid (n, k, t) is weaker than `policy` allows
 * (run `validateSecAggParams` first; a malformed policy throws `INVALID_PARAMS`):
 * - sparse graph (k < n − 1): condition 2, n·P[Bin(k, γ) ≥ t′] ≤ 2^−σ with
 *   t′ = t (semi-honest) or 2t − k − 1 (active), computed exactly as
 *   `chooseSecAggParams` does, so its own choices always pass;
 * - complete graph (k = n − 1): t ≥ `bonawitzThreshold(n, γ, model)`, the
 *   bound `chooseSecAggParams` and `completeGraphParams` use;
 * - `requireActive` and a semi-honest model.
 */
export function checkSecAggPolicy(n: number, k: number, t: number, model: ThreatModel, policy: SecAggPolicy = DEFAULT_SECAGG_POLICY): void {
  const { dropout, corruption: gamma, sigma, eta } = policy;
  checkInputs(n, dropout, gamma, sigma, eta);
  const weak = (msg: string): never => {
    throw new SecAggError(SecAggErrorCode.WeakParams, `(k, t) = (${k}, ${t}) for n = ${n} is weaker than this client's policy (γ = ${gamma}, σ = ${sigma}): ${msg}`);
  };
  if (policy.requireActive && model !== 'active') weak(`the policy requires the active threat model, got ${model}`);
  if (k === n - 1) {
    const b = bonawitzThreshold(n, gamma, model);
    if (t < b.t) {
      const sec = model === 'active' ? `⌊(n + n_C)/2⌋ + 1 = ${b.tSec}` : `n_C + 1 = ${b.tSec}`;
      weak(`the complete graph needs t ≥ max(⌊2n/3⌋ + 1, ${sec}) = ${b.t} with n_C = ⌈γn⌉ = ${b.nC}`);
    }
    return;
  }
  const log2 = log2SecrecyBound(n, k, t, gamma, model, binomialLogPmf(k, gamma));
  if (log2 > -sigma) {
    const tPrime = model === 'active' ? `2t − k − 1 = ${secrecyThreshold(k, t, model)}` : `t = ${t}`;
    const best = smallestSecureT(n, k, gamma, sigma, model);
    weak(
      `${model} secrecy needs n·P[Bin(k, γ) ≥ ${tPrime}] ≤ 2^−${sigma}, got 2^${log2.toFixed(1)}` +
        (best ? `; the smallest t that meets it for k = ${k} is ${best.t}` : `; no t meets it for k = ${k}`),
    );
  }
}
