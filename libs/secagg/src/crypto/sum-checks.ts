/**
 * @module crypto/sum-checks
 * What the coordinator checks on an unmasked sum before it releases a model
 * (docs/secure-aggregation.md "Bounded influence"). Masking hides each
 * member's vector, so a member that follows every SecAgg+ stage can still
 * put any ring words it likes into its own vector. Two checks bound what
 * that buys it:
 *
 * - **Weights the coordinator knows.** The FedAvg denominator is the sum of
 *   the weights the survivors declared in plain text (each bounded by its
 *   cap), never the decoded weight word alone. An honest weight word is
 *   w·(Q − 1) stochastically rounded (off by less than 1), so the unmasked
 *   word total of n survivors lies within n of (Q − 1)·Σw; anything else
 *   fails the attempt (`WEIGHT_MISMATCH`). Without this, words summing to 1
 *   mod 2^32 make Σw = 1/(Q − 1) and scale the mean by about Q.
 * - **Range.** Each honest coordinate word lies in [0, Q − 1], so an honest
 *   sum of n words lies in [0, n·(Q − 1)] and never wraps (n·(Q − 1) < 2^32).
 *   Centred decoding reads a word S as the signed offset from the honest
 *   midpoint n·(Q − 1)/2 (mod 2^32, in [−2^31, 2^31)), times 2c/(Q − 1):
 *   exactly Σx = S·2c/(Q − 1) − n·c for honest sums, and a wrap-around
 *   choice shows up as a value beyond ±n·c (`SUM_OUT_OF_RANGE`).
 *
 * What remains: a member can still move each coordinate of the sum anywhere
 * inside [−n·c, n·c]; only zero-knowledge range proofs on each input close that.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { checkOverflow, levels, type QuantizerParams } from './quantize';

const R = 2 ** 32;

/**
 * Centred decoding of the ring sum of `n` encoded vectors, each coordinate
 * checked against the honest range [−n·c, n·c].
 * @throws SecAggError OVERFLOW (n beyond the encoding), SUM_OUT_OF_RANGE (names the first coordinate)
 */
export function decodeSumInRange(sum: Uint32Array, n: number, p: QuantizerParams, length = sum.length): Float64Array {
  if (n > p.nMax) throw new SecAggError(SecAggErrorCode.Overflow, `${n} vectors exceed the configured nMax = ${p.nMax}`);
  checkOverflow(n, p.bits);
  if (length > sum.length) throw new SecAggError(SecAggErrorCode.BadPayload, `sum has ${sum.length} words, ${length} requested`);
  const top = levels(p) - 1;
  const mid = (n * top) / 2; // an integer or a half-integer: exact in float64
  const scale = (2 * p.clip) / top;
  const out = new Float64Array(length);
  let bad = -1;
  for (let i = 0; i < length; i++) {
    let d = sum[i] - mid; // (−2^32, 2^32), exact
    if (d >= R / 2) d -= R;
    else if (d < -R / 2) d += R;
    if (bad < 0 && (d > mid || d < -mid)) bad = i;
    out[i] = d * scale;
  }
  if (bad >= 0) {
    const v = out[bad];
    out.fill(0);
    throw new SecAggError(
      SecAggErrorCode.OutOfRange,
      `coordinate ${bad} of the unmasked sum decodes to ${v.toPrecision(6)}, outside [−${n}·c, ${n}·c] = ±${(n * p.clip).toPrecision(6)} that ${n} honest members could produce`,
    );
  }
  return out;
}

/**
 * Checks the unmasked weight-word total `word` of `n` survivors against the
 * total `declared` = Σw of the weights they declared (each w ∈ [0, 1]):
 * |word − (Q − 1)·declared| ≤ n.
 * @throws SecAggError WEIGHT_MISMATCH, INVALID_PARAMS for a declared total outside [0, n]
 */
export function checkWeightTotal(word: number, declared: number, n: number, p: QuantizerParams): void {
  if (!(Number.isFinite(declared) && declared >= 0 && declared <= n)) throw new SecAggError(SecAggErrorCode.InvalidParams, `declared weight total ${declared} must be in [0, ${n}]`);
  const top = levels(p) - 1;
  const expected = top * declared;
  if (Math.abs(word - expected) > n) {
    throw new SecAggError(
      SecAggErrorCode.WeightMismatch,
      `the unmasked weight words add up to ${(word / top).toPrecision(6)}, the ${n} survivors declared ${declared.toPrecision(6)}: a member's weight word is not its declared weight`,
    );
  }
}
