/**
 * @module rdp-ddgauss
 * Rényi DP of the distributed discrete Gaussian mechanism (Kairouz, Liu,
 * Steinke, "The Distributed Discrete Gaussian Mechanism for Federated Learning
 * with Secure Aggregation", ICML 2021, arXiv 2102.06387), in the scaled
 * integer domain where clients add their noise:
 *
 * - Inflated sensitivity after randomised rounding (KLS Thm. 1 / Prop. 22):
 *   Δ₂ = c + √d, or with conditional rounding β ∈ (0, 1) the smaller of that
 *   and √(c² + d/4 + √(2 ln(1/β))·(c + √d/2)), for c = clip·scale; the L1
 *   bound of an integer vector is Δ₁ = Δ₂·min(√d, Δ₂).
 * - The sum of n discrete Gaussians N_Z(0, σ²) is close to N_Z(0, nσ²) up to
 *   τ = 10·Σ_{k=1}^{n−1} exp(−2π²σ²·k/(k+1)) (KLS Thm. 1).
 * - Per order, with l₂ = Δ₂/(√n σ), l₁ = Δ₁/(√n σ) (KLS Prop. 14):
 *   ε(α) = min( α/2·l₂² + τd, α/2·(l₂² + 2l₁τ + τ²d), α/2·(l₂ + √d·τ)² ).
 * - Poisson subsampling at rate q < 1 uses the general upper bound of Zhu and
 *   Wang ("Poisson Subsampled Rényi Differential Privacy", ICML 2019, Thm. 5),
 *   valid at integer orders; a fractional order α is charged at ⌈α⌉ (RDP is
 *   non-decreasing in α, van Erven & Harremoës 2014), and the result is never
 *   above the unsampled value.
 *
 * n is the number of clients whose noise is in the released sum: with
 * dropouts, charge the round with the survivors, not the planned cohort.
 */
import { check } from './errors';
import { logSumExp } from './special';

export interface DistributedDiscreteGaussian {
  /** Poisson sampling rate q ∈ [0, 1]. */
  q: number;
  /** Clients whose noise is in the released sum (n ≥ 1). */
  clients: number;
  /** Dimension d after padding for the rotation. */
  dim: number;
  /** L2 clip norm of each client's update, before scaling. */
  clip: number;
  /** Scale s = 1/γ applied before rounding to integers. */
  scale: number;
  /** Each client's discrete Gaussian stddev σ, in the scaled integer domain. */
  localStddev: number;
  /** Conditional rounding parameter β ∈ [0, 1); 0 = unconditional rounding. */
  beta: number;
  /**
   * Adaptive clipping's count coordinate (Andrew et al. NeurIPS 2021): one
   * more exact integer coordinate ±`countAmplitude` after the d rotated ones,
   * noised with the same σ. The released vector's sensitivities become
   * Δ₂' = √(Δ₂² + a²), Δ₁' = Δ₁ + a, and its dimension d + 1. Absent or 0: none.
   */
  countAmplitude?: number;
}

/** L2 norm bound of a vector of norm ≤ `norm` after randomised rounding to integers (KLS Thm. 1 / Prop. 22). */
export function roundedL2Bound(norm: number, beta: number, dim: number): number {
  check(Number.isInteger(dim) && dim > 0, `dimension ${dim} must be a positive integer`);
  check(beta >= 0 && beta < 1, `conditional rounding β = ${beta} must be in [0, 1)`);
  check(Number.isFinite(norm) && norm >= 0, `norm bound ${norm} must be finite and ≥ 0`);
  const plain = norm + Math.sqrt(dim);
  if (beta === 0) return plain;
  const conditional = Math.sqrt(norm * norm + dim / 4 + Math.sqrt(2 * Math.log(1 / beta)) * (norm + Math.sqrt(dim) / 2));
  return Math.min(plain, conditional);
}

/** L1 bound of an integer vector with L2 norm ≤ l2: ‖x‖₁ ≤ min(√d·‖x‖₂, ‖x‖₂²). */
export const roundedL1Bound = (l2: number, dim: number): number => l2 * Math.min(Math.sqrt(dim), l2);

/** τ of KLS Thm. 1 for n clients each adding N_Z(0, σ²). */
export function ddgTau(localStddev: number, clients: number): number {
  let tau = 0;
  const s2 = localStddev * localStddev;
  for (let k = 1; k < clients; k++) tau += Math.exp(-2 * Math.PI * Math.PI * s2 * (k / (k + 1)));
  return 10 * tau;
}

export function checkDdg(p: DistributedDiscreteGaussian): void {
  check(Number.isFinite(p.q) && p.q >= 0 && p.q <= 1, `sampling rate q = ${p.q} must be in [0, 1]`);
  check(Number.isInteger(p.clients) && p.clients >= 1, `clients = ${p.clients} must be an integer ≥ 1`);
  check(Number.isFinite(p.clip) && p.clip > 0, `clip norm ${p.clip} must be > 0`);
  check(Number.isFinite(p.scale) && p.scale > 0, `scale ${p.scale} must be > 0`);
  check(Number.isFinite(p.localStddev) && p.localStddev > 0, `local stddev ${p.localStddev} must be > 0`);
  check(p.countAmplitude === undefined || (Number.isInteger(p.countAmplitude) && p.countAmplitude >= 0), `count amplitude ${p.countAmplitude} must be an integer ≥ 0`);
}

/** Coordinates of the released vector: d, plus the count coordinate if any. */
export const ddgReleasedDim = (p: Pick<DistributedDiscreteGaussian, 'dim' | 'countAmplitude'>): number => p.dim + (p.countAmplitude ? 1 : 0);

/** The per-order bound of one unsampled release (KLS Prop. 14), for real α > 1. */
function unsampled(alpha: number, l1: number, l2: number, tau: number, dim: number): number {
  if (alpha === Infinity) return Infinity;
  const t1 = (alpha / 2) * l2 * l2 + tau * dim;
  const t2 = (alpha / 2) * (l2 * l2 + 2 * l1 * tau + tau * tau * dim);
  const t3 = (alpha / 2) * (l2 + Math.sqrt(dim) * tau) ** 2;
  return Math.min(t1, t2, t3);
}

/** Zhu–Wang Thm. 5 at integer α ≥ 2 for rate 0 < q < 1, given the unsampled curve `eps(l)`. */
function subsampled(alpha: number, q: number, eps: (l: number) => number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const terms: number[] = [(alpha - 1) * log1mQ + Math.log1p(alpha * q - q)];
  let logBinom = Math.log(alpha) + Math.log(alpha - 1) - Math.LN2; // log C(α, 2)
  terms.push(logBinom + 2 * logQ + (alpha - 2) * log1mQ + eps(2));
  for (let l = 3; l <= alpha; l++) {
    logBinom += Math.log(alpha - l + 1) - Math.log(l);
    terms.push(Math.log(3) + logBinom + l * logQ + (alpha - l) * log1mQ + (l - 1) * eps(l));
  }
  return logSumExp(terms) / (alpha - 1);
}

/** The sensitivities and τ that the bound uses (exposed for reports and tests). */
export function ddgTerms(p: DistributedDiscreteGaussian): { l2Sensitivity: number; l1Sensitivity: number; tau: number; l2Scale: number; l1Scale: number } {
  checkDdg(p);
  const a = p.countAmplitude ?? 0;
  const rounded = roundedL2Bound(p.clip * p.scale, p.beta, p.dim);
  const l2Sensitivity = Math.hypot(rounded, a);
  const l1Sensitivity = roundedL1Bound(rounded, p.dim) + a;
  const tau = ddgTau(p.localStddev, p.clients);
  const central = Math.sqrt(p.clients) * p.localStddev;
  return { l2Sensitivity, l1Sensitivity, tau, l2Scale: l2Sensitivity / central, l1Scale: l1Sensitivity / central };
}

/** RDP curve of ONE release at each order (compose by adding). */
export function ddgRdp(p: DistributedDiscreteGaussian, orders: readonly number[]): number[] {
  const { tau, l2Scale, l1Scale } = ddgTerms(p);
  if (p.q === 0) return orders.map(() => 0);
  const dim = ddgReleasedDim(p);
  const eps = (a: number): number => unsampled(a, l1Scale, l2Scale, tau, dim);
  return orders.map((alpha) => {
    if (p.q === 1 || alpha === Infinity) return eps(alpha);
    const a = Math.ceil(alpha);
    return Math.min(subsampled(a, p.q, eps), eps(a));
  });
}
