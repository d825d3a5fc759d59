/**
 * @module special
 * Log-space helpers for the accountant: log(e^a + e^b), log(e^a − e^b),
 * log-sum-exp, and log erfc(x) accurate over the whole real line (including
 * x in the thousands, where erfc underflows). erf uses its all-positive
 * series 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(2n+1)!! (no cancellation); erfc for
 * x ≥ 2 uses the Laplace continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) (Abramowitz &
 * Stegun 7.1.14), evaluated without forming e^{−x²}.
 */

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/** log(e^a + e^b), exact for −∞ operands. */
export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(e^a − e^b) for a ≥ b; −∞ when equal. */
export function logSub(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a < b) throw new RangeError(`logSub: ${a} < ${b}`);
  if (a === b) return -Infinity;
  const d = b - a;
  // log(1 − e^d), d < 0, choosing the accurate branch (Mächler 2012).
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** log Σ e^{v_i}. */
export function logSumExp(values: readonly number[]): number {
  let hi = -Infinity;
  for (const v of values) if (v > hi) hi = v;
  if (hi === -Infinity || hi === Infinity) return hi;
  let s = 0;
  for (const v of values) s += Math.exp(v - hi);
  return hi + Math.log(s);
}

/** erf(x) for |x| < 2 by the positive series; accurate to a few ulps there. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** log(√π · e^{x²} · erfc(x)) for x ≥ 2 by the continued fraction, evaluated bottom-up. */
function logScaledErfcCf(x: number): number {
  // Enough terms for double precision (checked against tabulated erfc at x = 2, 3, 4, 8).
  const terms = x >= 8 ? 16 : x >= 4 ? 30 : x >= 3 ? 50 : 90;
  let f = x;
  for (let k = terms; k >= 1; k--) f = x + k / 2 / f;
  return -Math.log(f);
}

/** log erfc(x) for every real x (−∞ only at x = +∞). */
export function logErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x === -Infinity) return Math.LN2;
  if (x < 0) return Math.log1p(-erfSignedSmallOrLarge(x));
  if (x < 2) return Math.log1p(-erfSeries(x));
  return -x * x - LOG_SQRT_PI + logScaledErfcCf(x);
}

/** erf(x) for x < 0: −erf(−x), with erf(−x) = 1 − erfc(−x) for −x ≥ 2. */
function erfSignedSmallOrLarge(x: number): number {
  const y = -x;
  if (y < 2) return -erfSeries(y);
  return -(1 - Math.exp(logErfc(y)));
}

/** erfc(x) as a number (underflows to 0 beyond x ≈ 26.5; use `logErfc` there). */
export const erfc = (x: number): number => Math.exp(logErfc(x));
