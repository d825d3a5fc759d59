/**
 * @module graph/binomial
 * Binomial tail probabilities in log space, accurate far below double
 * precision's underflow (the SecAgg+ conditions ask for 2^−40 / n). Used by
 * `chooseSecAggParams`. Results are log2 probabilities; −Infinity means 0.
 */
const LN2 = Math.LN2;

/** ln C(k, i) for i = 0..k. */
function logChoose(k: number): Float64Array {
  const out = new Float64Array(k + 1);
  for (let i = 1; i <= k; i++) out[i] = out[i - 1] + Math.log((k - i + 1) / i);
  return out;
}

/** Natural-log pmf of Bin(k, p) for i = 0..k (−Infinity where the mass is exactly 0). */
export function binomialLogPmf(k: number, p: number): Float64Array {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`bad trial count ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bad probability ${p}`);
  const out = new Float64Array(k + 1).fill(-Infinity);
  if (p === 0) {
    out[0] = 0;
    return out;
  }
  if (p === 1) {
    out[k] = 0;
    return out;
  }
  const c = logChoose(k);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  for (let i = 0; i <= k; i++) out[i] = c[i] + i * lp + (k - i) * lq;
  return out;
}

function logSumExp(xs: ArrayLike<number>, from: number, to: number): number {
  let m = -Infinity;
  for (let i = from; i < to; i++) if (xs[i] > m) m = xs[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = from; i < to; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}

/** log2 P[Bin(k, p) < t]. */
export function log2BinomialBelow(k: number, p: number, t: number, pmf = binomialLogPmf(k, p)): number {
  const hi = Math.min(Math.max(t, 0), k + 1);
  return logSumExp(pmf, 0, hi) / LN2;
}

/** log2 P[Bin(k, p) ≥ t]. */
export function log2BinomialAtLeast(k: number, p: number, t: number, pmf = binomialLogPmf(k, p)): number {
  const lo = Math.min(Math.max(t, 0), k + 1);
  return logSumExp(pmf, lo, k + 1) / LN2;
}
