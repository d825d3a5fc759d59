/**
 * @module attacks/ring-attacks
 * Attacks on a secure round by a member that follows every SecAgg+ stage
 * (valid keys, shares, signatures) but masks ring words of its choosing
 * (docs/secure-aggregation.md "Bounded influence"). It picks its words so the
 * unmasked sum mod 2^32 reaches a target: given the other members' words
 * exactly (tests: stronger than any real attacker) or their expected values
 * (an edge client, which cannot see them: an honest coordinate word is about
 * (Q − 1)/2 for a small delta, an honest weight word at most Q − 1). Up to
 * K colluding members may share a cohort, and none knows how many of the
 * others made it in: for the weight they split the offset from the honest
 * members' expected sum between them (any miss of the declared total is
 * refused); for the coordinates each adds the same x to the centre word, with
 * x chosen so that n·(Q − 1)/2 + j·x mod 2^32 lies beyond the honest range
 * for every j = 1 … K present (each aiming at the middle alone, two such
 * members would cancel out into the honest range).
 *
 * - weight wrap: the cohort's weight words sum to 1, so a decoder that divides
 *   by the decoded weight total multiplies the mean by about 2^bits;
 * - coordinate wrap: every coordinate sum in the middle of the words an
 *   honest cohort of n cannot produce, (n·(Q − 1), 2^32): a decoder without a
 *   range check reads each as far beyond ±n·c (with 5 members and Q = 2^28, up to 27c);
 *   the middle, so that an attacker who only estimates the others lands
 *   there too;
 * - in-range maximum: every coordinate sum at n·(Q − 1), the largest value an
 *   honest cohort could produce (a shift of about one clip per coordinate).
 */
import type { SecureTaskParams } from '@fl/protocol';

const R = 2 ** 32;

/** Unmasked sums to reach; a field left out keeps the member's own words there. */
export interface RingTarget {
  /** Each coordinate's sum (words 0 … P − 1). */
  coordinate?: number;
  /** The weight word's sum (the last word). */
  weight?: number;
}

/** The largest honest word, Q − 1 = 2^bits − 1. */
export const ringTop = (bits: number): number => 2 ** bits - 1;

/** Weight wrap for a cohort of n: coordinates at the centre (a zero mean delta), weight words summing to 1. */
export const weightWrapTarget = (n: number, top: number): RingTarget => ({ coordinate: Math.floor((n * top) / 2), weight: 1 });
/** Coordinate wrap for a cohort of n: every coordinate in the middle of (n·(Q − 1), 2^32), beyond the honest range. */
export const coordinateWrapTarget = (n: number, top: number): RingTarget => ({ coordinate: Math.floor((n * top + R) / 2) });
/** The top of the honest range in every coordinate and a full weight for each of the n members. */
export const inRangeMaxTarget = (n: number, top: number): RingTarget => ({ coordinate: n * top, weight: n * top });

/**
 * `own` with its words replaced so that others[j] + out[j] ≡ target (mod 2^32);
 * `others(j)` is the other members' sum at word j (the weight word is the last).
 */
export function wordsForTarget(own: Uint32Array, others: (j: number) => number, target: RingTarget): Uint32Array {
  const last = own.length - 1;
  return Uint32Array.from(own, (w, j) => {
    const want = j < last ? target.coordinate : target.weight;
    return want === undefined ? w : (((want - others(j)) % R) + R) % R;
  });
}

/** The expected sum of h honest members' words: (Q − 1)/2 per coordinate, Q − 1 of weight each. */
export function expectedHonest(h: number, top: number, length: number): (j: number) => number {
  return (j) => (j < length - 1 ? Math.floor((h * top) / 2) : h * top);
}

/**
 * The offset x ∈ [0, 2^32) from the centre word (Q − 1)/2 such that, with any
 * j = 1 … k of the colluders in a cohort of n, the expected sum
 * n·top/2 + j·x (mod 2^32) lies beyond the honest range [0, n·top]: the middle
 * of the longest run of such x on a grid of 2^16 points (for k = 1, 2^31: the
 * middle of the window). Null when no x works for every j.
 */
export function wrapOffset(n: number, top: number, k: number): number | null {
  const grid = 1 << 16;
  const step = R / grid;
  const centre = (n * top) / 2;
  const beyond = (x: number) => {
    for (let j = 1; j <= k; j++) {
      const s = (centre + j * x) % R;
      if (s <= n * top) return false;
    }
    return true;
  };
  let best = -1;
  let bestLen = 0;
  for (let i = 0, run = 0; i <= grid; i++) {
    if (i < grid && beyond(i * step)) run++;
    else {
      if (run > bestLen) [best, bestLen] = [i - run, run];
      run = 0;
    }
  }
  return bestLen === 0 ? null : Math.floor((best + (bestLen - 1) / 2) * step);
}

/**
 * What one of up to `colluders` attacking members masks instead of `honest`
 * (cohort size: the task's nMax). Only the words the attack is about are
 * chosen; the rest stays honest, so no other check catches it first.
 * Coordinate wrap without an offset that works for every number of
 * colluders present (a ring the honest range nearly fills: n = 3 or ≥ 13
 * with k = 2) uses the middle, the offset for one: with two present their
 * words cancel out and add nothing. Without even that (no grid point beyond
 * the range) it splits the offset as the weight does.
 */
export function attackerWords(kind: 'weight-wrap' | 'coordinate-wrap', honest: Uint32Array, secure: Pick<SecureTaskParams, 'bits' | 'nMax'>, colluders = 1): Uint32Array {
  const top = ringTop(secure.bits);
  const n = secure.nMax;
  const k = Math.max(1, Math.min(colluders, n));
  const last = honest.length - 1;
  const x = kind === 'coordinate-wrap' ? (wrapOffset(n, top, k) ?? wrapOffset(n, top, 1)) : null;
  if (x !== null) return Uint32Array.from(honest, (w, j) => (j < last ? (Math.floor(top / 2) + x) % R : w));
  const target = kind === 'weight-wrap' ? { weight: weightWrapTarget(n, top).weight } : coordinateWrapTarget(n, top);
  const offsets = wordsForTarget(honest, expectedHonest(n - k, top, honest.length), target); // the colluders' total, mod 2^32
  const chosen = kind === 'weight-wrap' ? (j: number) => j === last : (j: number) => j < last;
  return Uint32Array.from(honest, (w, j) => (chosen(j) ? Math.floor(offsets[j] / k) : w));
}
