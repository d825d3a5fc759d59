/**
 * @module ddg-range
 * Range check of a decoded distributed-discrete-Gaussian sum (docs/privacy.md
 * "Range check"), on the centred integer sum z = Σ_u x̃_u + N (still scaled
 * and rotated), before anything is unscaled or released. Secure aggregation
 * cannot see whether a client clipped (there are no input proofs), but it can
 * refuse a sum that n honest clients could not have produced except with a
 * stated false-alarm probability p (default 1e-9, split evenly between the
 * two tests):
 *
 * - **L2.** z = s + N with s = Σ_u x̃_u and N the summed noise. Every honest
 *   x̃_u has ‖x̃_u‖ ≤ B = `roundedL2Bound(c, β, d)` with c = S·s,
 *   deterministically: conditional rounding (Kairouz, Liu, Steinke, ICML 2021,
 *   Prop. 22; rounding.ts) redraws until it holds, so ‖s‖ ≤ n·B. N is the sum
 *   of n independent N_Z(0, σ²) per coordinate, each σ²-subgaussian
 *   (Canonne, Kamath, Steinke, NeurIPS 2020, Cor. 9): an nσ²-subgaussian
 *   vector, independent of s. So ‖z‖² = ‖s‖² + 2⟨s, N⟩ + ‖N‖² with
 *   ⟨s, N⟩ ≤ ‖s‖·σ√n·√(2 ln(4/p)) but for probability p/4 (one subgaussian
 *   tail, given s), and ‖N‖² ≤ nσ²(d + 2√(d·t) + 2t) with t = ln(4/p) but for
 *   probability p/4 (the subgaussian form of the Laurent–Massart chi-square
 *   bound: Hsu, Kakade, Zhang, Electron. Commun. Probab. 2012, Thm. 1 with
 *   A = I). Together:
 *   ‖z‖² ≤ (n·B)² + 2·n·B·σ√n·√(2 ln(4/p)) + nσ²(d + 2√(d·t) + 2t).
 * - **Each coordinate.** z_i = (H D Σ_u y_u)_i + Σ_u e_u,i + N_i with y_u the
 *   scaled clipped update (‖Σ y_u‖ ≤ n·c), D the round's random signs and
 *   |e_u,i| < 1 the rounding error. An honest update does not depend on the
 *   signs, so the rotated coordinate is (n·c)²/d-subgaussian (Hoeffding; KLS
 *   §4.2, the analysis of fit.ts), the noise nσ²-subgaussian, and the
 *   rounding errors are bounded by n outright (no assumption on how the
 *   conditional redraws skew them). A union bound over the d coordinates:
 *   |z_i| ≤ n + √(2v·ln(4d/p)) with v = (n·c)²/d + nσ².
 *
 * A sum that wrapped around the modulus (probability ≤ 1e-9 by `checkFit`)
 * is garbage and usually fails too. What the check does not stop: a
 * malicious client may still send anything that keeps the sum inside these
 * bounds: an update of norm up to about √(n²B² + cross + (noise tail)² −
 * ‖N‖²) − ‖Σ honest‖, 0.3–4 times n·S in the settings docs/privacy.md
 * tabulates (most when the honest updates do not point the same way); it
 * may leave out its own noise, and it chooses the direction freely.
 */
import { check } from './errors';
import { roundedL2Bound } from './rdp-ddgauss';

/** Default probability that an honest sum fails the check (both tests together). */
export const DEFAULT_RANGE_FALSE_ALARM = 1e-9;

export interface DdgRangeParams {
  /** n: clients whose vectors are in the sum (the survivors). */
  contributors: number;
  /** d: the padded dimension. */
  dim: number;
  /** S: L2 clip norm before scaling. */
  clip: number;
  /** s: the scale (integer units per unit of update). */
  scale: number;
  /** β of conditional rounding. */
  beta: number;
  /** σ: each client's discrete Gaussian stddev in the scaled integer domain. */
  localStddev: number;
  /** p: allowed probability that an honest sum fails (default 1e-9). */
  falseAlarm?: number;
}

export interface DdgRangeBounds {
  /** Largest honest ‖z‖₂ (but for probability p/2). */
  l2: number;
  /** Largest honest |z_i| (but for probability p/2). */
  coordinate: number;
  /** The parts of `l2` = √(signalL2² + cross + noiseL2²): n·B, the noise norm's tail, the tail of 2⟨s, N⟩. */
  signalL2: number;
  noiseL2: number;
  cross: number;
}

export function ddgRangeBounds(p: DdgRangeParams): DdgRangeBounds {
  const { contributors: n, dim: d, clip, scale, beta, localStddev: sigma } = p;
  const pfa = p.falseAlarm ?? DEFAULT_RANGE_FALSE_ALARM;
  check(Number.isInteger(n) && n >= 1, `contributors = ${n} must be an integer ≥ 1`);
  check(Number.isInteger(d) && d >= 1, `dim = ${d} must be an integer ≥ 1`);
  check(Number.isFinite(clip) && clip > 0 && Number.isFinite(scale) && scale > 0, `clip ${clip} and scale ${scale} must be > 0`);
  check(Number.isFinite(sigma) && sigma >= 0, `local stddev ${sigma} must be ≥ 0`);
  check(pfa > 0 && pfa < 1, `false-alarm probability ${pfa} must be in (0, 1)`);
  const c = clip * scale;
  const signalL2 = n * roundedL2Bound(c, beta, d);
  const t = Math.log(4 / pfa);
  const noiseL2 = sigma * Math.sqrt(n) * Math.sqrt(d + 2 * Math.sqrt(d * t) + 2 * t);
  const cross = 2 * signalL2 * sigma * Math.sqrt(n) * Math.sqrt(2 * t);
  const v = (n * c) ** 2 / d + n * sigma * sigma;
  const coordinate = n + Math.sqrt(2 * v * Math.log((4 * d) / pfa));
  return { l2: Math.sqrt(signalL2 * signalL2 + cross + noiseL2 * noiseL2), coordinate, signalL2, noiseL2, cross };
}

export type DdgRangeVerdict = { ok: true; norm: number; maxAbs: number; bounds: DdgRangeBounds } | { ok: false; norm: number; maxAbs: number; bounds: DdgRangeBounds; reason: string };

/** Checks the centred integer sum `z` (length d, before unscaling and unrotating) against {@link ddgRangeBounds}. */
export function checkDdgSumRange(z: ArrayLike<number>, p: DdgRangeParams): DdgRangeVerdict {
  check(z.length === p.dim, `the sum has ${z.length} coordinates, expected d = ${p.dim}`);
  const bounds = ddgRangeBounds(p);
  let sq = 0;
  let maxAbs = 0;
  let at = 0;
  for (let i = 0; i < z.length; i++) {
    const a = Math.abs(z[i]);
    sq += a * a;
    if (a > maxAbs) {
      maxAbs = a;
      at = i;
    }
  }
  const norm = Math.sqrt(sq);
  const n = p.contributors;
  if (!(norm <= bounds.l2))
    return { ok: false, norm, maxAbs, bounds, reason: `the decoded sum has L2 norm ${fmt(norm)} (scaled units), above the ${fmt(bounds.l2)} that ${n} clipped client(s) and their noise reach (n·B = ${fmt(bounds.signalL2)}, noise tail ${fmt(bounds.noiseL2)})` };
  if (!(maxAbs <= bounds.coordinate))
    return { ok: false, norm, maxAbs, bounds, reason: `coordinate ${at} of the decoded (rotated) sum is ${fmt(z[at])} (scaled units), beyond the ±${fmt(bounds.coordinate)} that ${n} clipped client(s) and their noise reach` };
  return { ok: true, norm, maxAbs, bounds };
}

export interface DdgCountRangeParams {
  /** n: clients whose vectors are in the sum. */
  contributors: number;
  /** a: each client's ±a on the count coordinate (adaptive clipping). */
  countAmplitude: number;
  /** σ: each client's discrete Gaussian stddev (the same on the count coordinate). */
  localStddev: number;
  /** p: allowed probability that an honest count fails (default 1e-9, on top of the sum's own). */
  falseAlarm?: number;
}

/**
 * Largest honest |count coordinate| of the sum (adaptive clipping's extra
 * word, ddg-chain): each of n clients adds ±a and its own N_Z(0, σ²), so the
 * word is at most n·a plus an nσ²-subgaussian noise (Canonne, Kamath,
 * Steinke 2020, Cor. 9): |z| ≤ n·a + σ√(2n·ln(2/p)) but for probability p.
 * Without this check one member could send any count word and steer the clip
 * norm C by up to e^{±η/2} a round, however many honest members disagree.
 */
export function ddgCountBound(p: DdgCountRangeParams): number {
  const { contributors: n, countAmplitude: a, localStddev: sigma } = p;
  const pfa = p.falseAlarm ?? DEFAULT_RANGE_FALSE_ALARM;
  check(Number.isInteger(n) && n >= 1, `contributors = ${n} must be an integer ≥ 1`);
  check(Number.isInteger(a) && a >= 1, `count amplitude ${a} must be an integer ≥ 1`);
  check(Number.isFinite(sigma) && sigma >= 0, `local stddev ${sigma} must be ≥ 0`);
  check(pfa > 0 && pfa < 1, `false-alarm probability ${pfa} must be in (0, 1)`);
  return n * a + sigma * Math.sqrt(2 * n * Math.log(2 / pfa));
}

/** Checks the centred count word `z` against {@link ddgCountBound}; the reason says by how much it is off. */
export function checkDdgCountRange(z: number, p: DdgCountRangeParams): { ok: true } | { ok: false; reason: string } {
  const bound = ddgCountBound(p);
  if (Math.abs(z) <= bound) return { ok: true };
  return { ok: false, reason: `the adaptive-clipping count word is ${fmt(z)}, beyond the ±${fmt(bound)} that ${p.contributors} client(s) counting ±${p.countAmplitude} and their noise reach` };
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
