/**
 * @module crypto/shamir-robust
 * Reconstruction that uses every share received, not only the first t. The
 * shares of one secret are points of a polynomial of degree < t (Shamir shares
 * are a Reed–Solomon codeword: McEliece and Sarwate, CACM 1981), so extra
 * shares can check one another. `shamirRecover` interpolates from t shares (a
 * basis), evaluates that polynomial at every other share's point (barycentric
 * Lagrange form, with the basis weights cached for secrets shared over the same
 * points) and compares:
 * - all m shares on one polynomial → its value at 0;
 * - else a polynomial that at least ⌊(m + t − 1)/2⌋ + 1 shares lie on is
 *   unique (two distinct ones meet in at most t − 1 points), and it is the
 *   dealer's whenever at most ⌊(m − t)/2⌋ shares are corrupt: take it and report
 *   the shares off it. Bases are searched in a bounded way (cyclic windows of
 *   t consecutive shares, at most `MAX_BASES`, spaced at most m − t apart), which
 *   always finds one corrupt share and finds several whenever t consecutive
 *   good shares exist;
 * - else no value, and the shares that disagreed with the best basis as
 *   suspects (all of them when that basis was not confirmed by any other share).
 * A value that fewer than that majority agree on is never returned.
 *
 * Fast path (the honest case). With the basis B = the first t points (by x),
 * all m shares lie on one polynomial iff the error vector e_j = f_B(x_j) − y_j
 * (j ∉ B) is zero, where f_B(x_j) = Σ_{i∈B} c_{j,i} y_i with Lagrange
 * coefficients c_{j,i} that depend on the points only. Instead of computing e
 * (≈ (m − t)·t products per secret), each point set draws once a secret
 * random r ∈ GF(p)^{m−t} and precomputes d_i = Σ_j r_j c_{j,i}; a secret then
 * costs m products for the check Σ_i d_i y_i − Σ_j r_j y_j = Σ_j r_j e_j ≡ 0,
 * and t for the value at 0 (Lagrange coefficients at 0 of B, cached too):
 * - e = 0 always passes and returns the value at 0 with no rejected shares,
 *   exactly what the robust path returns for consistent shares;
 * - e ≠ 0 passes only if r lies on the hyperplane Σ_j r_j e_j = 0, with
 *   probability exactly 1/p ≈ 2^−521 for a uniform r independent of e (a random
 *   linear combination: Freivalds' check, or Schwartz–Zippel for a polynomial
 *   of degree 1 in r; cf. the batch verification tests of Bellare, Garay and
 *   Rabin, EUROCRYPT 1998), and ≤ K/p over K secrets (union bound). Otherwise
 *   the robust path above runs unchanged, so detection, `rejected` and the
 *   suspects are exactly as without the check.
 * The bound needs r uniform, independent of the shares, and kept secret: it comes
 * from the CSPRNG (`globalThis.crypto.getRandomValues`), is drawn when a point
 * set is first checked — after the batch's shares are fixed (server/unmask
 * builds its recoverer on closing, with every share in hand) — and is never
 * revealed. Whoever knew r could pick a nonzero e on that hyperplane (shift a
 * basis share, moving the value at 0, and compensate on one other share) and
 * have a wrong secret accepted. An outcome (or its timing) tells a submitter
 * only whether its own e was on the hyperplane: after q such misses the next
 * attempt still passes with probability ≤ 1/(p − q).
 *
 * Not constant-time (BigInt), like crypto/shamir; it runs on the server over
 * secrets it is entitled to.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes } from '../util/bytes';
import { secureRandom } from './random';
import { bigIntToBytes, bytesToBigInt, checkPoints, invert, randomFieldElement, SHAMIR_PRIME, SHARE_BYTES, type Share } from './shamir';

const P = SHAMIR_PRIME;
/** Most bases tried when the shares disagree. */
export const MAX_BASES = 64;

/** x mod p for 0 ≤ x < p²: p = 2^521 − 1 is a Mersenne prime. */
function reduce(x: bigint): bigint {
  let r = (x & P) + (x >> 521n);
  while (r >= P) r -= P;
  return r;
}
const mul = (a: bigint, b: bigint): bigint => reduce(a * b);
const signed = (v: bigint, negative: boolean): bigint => (negative && v !== 0n ? P - v : v);

/** Inverses of 1, 2, … (differences of canonical indices), memoised up to 2^17. */
const SMALL_INVERSES: bigint[] = [0n];
const SMALL_MAX = 1 << 17;
function invertDifference(d: number): bigint {
  const a = Math.abs(d);
  let v: bigint;
  if (a <= SMALL_MAX) {
    while (SMALL_INVERSES.length <= a) SMALL_INVERSES.push(invert(BigInt(SMALL_INVERSES.length)));
    v = SMALL_INVERSES[a];
  } else v = invert(BigInt(a));
  return signed(v, d < 0);
}

/** Π (z − x_i) mod p over the points `xs`, skipping index `skip`. */
function productOfDifferences(z: number, xs: readonly number[], skip = -1): bigint {
  let acc = 1n;
  let negative = false;
  for (let i = 0; i < xs.length; i++) {
    if (i === skip) continue;
    const d = z - xs[i];
    if (d < 0) negative = !negative;
    acc = reduce(acc * BigInt(Math.abs(d)));
  }
  return signed(acc, negative);
}

/**
 * The interpolant through t fixed points in barycentric form:
 * f(z) = ℓ(z) · Σ_i (y_i / w_i) / (z − x_i), ℓ(z) = Π (z − x_i), w_i = Π_{l≠i} (x_i − x_l).
 */
class Basis {
  readonly key: string;
  /** 1/w_i. */
  private readonly wInv: bigint[];
  /** Per evaluation point z: ℓ(z) and 1/(z − x_i). */
  private readonly points = new Map<number, { l: bigint; inv: bigint[] }>();

  constructor(readonly xs: readonly number[]) {
    this.key = xs.join(',');
    const w = xs.map((x, i) => productOfDifferences(x, xs, i));
    // One inversion for all weights (prefix products).
    const prefix: bigint[] = [];
    let acc = 1n;
    for (const v of w) {
      prefix.push(acc);
      acc = mul(acc, v);
    }
    let inv = invert(acc);
    this.wInv = new Array<bigint>(w.length);
    for (let i = w.length - 1; i >= 0; i--) {
      this.wInv[i] = mul(inv, prefix[i]);
      inv = mul(inv, w[i]);
    }
  }

  /** c_i = y_i / w_i for this basis' shares of one secret. */
  scaled(ys: readonly bigint[]): bigint[] {
    return ys.map((y, i) => mul(y, this.wInv[i]));
  }

  /** f(z) from `scaled` values; z must not be a basis point. */
  evaluate(c: readonly bigint[], z: number): bigint {
    const p = this.at(z);
    let s = 0n;
    for (let i = 0; i < c.length; i++) {
      s += mul(c[i], p.inv[i]);
      if (s >= P) s -= P;
    }
    return mul(p.l, s);
  }

  /**
   * Σ_j r_j λ_i(z_j) for each basis point i, with the Lagrange coefficients
   * λ_i(z) = ℓ(z) / (w_i (z − x_i)) (f(z) = Σ_i λ_i(z) y_i): the weights of the
   * basis values in Σ_j r_j f(z_j). No z_j may be a basis point.
   */
  combination(r: readonly bigint[], zs: readonly number[]): bigint[] {
    const sums = new Array<bigint>(this.xs.length).fill(0n);
    zs.forEach((z, j) => {
      const p = this.at(z);
      const s = mul(r[j], p.l);
      for (let i = 0; i < sums.length; i++) sums[i] += s * p.inv[i];
    });
    return sums.map((v, i) => mul(fold(v), this.wInv[i]));
  }

  private at(z: number): { l: bigint; inv: bigint[] } {
    let p = this.points.get(z);
    if (!p) {
      p = { l: productOfDifferences(z, this.xs), inv: this.xs.map((x) => invertDifference(z - x)) };
      this.points.set(z, p);
    }
    return p;
  }
}

/** x mod p for 0 ≤ x < k·p² (a sum of k products, k < 2^500): one Mersenne fold brings it below (k + 1)·2^521, then `reduce`. */
const fold = (x: bigint): bigint => reduce((x & P) + (x >> 521n));

/** Σ a_k y_k mod p (values < p), reduced once. */
function dot(a: readonly bigint[], ys: readonly bigint[]): bigint {
  let s = 0n;
  for (let k = 0; k < a.length; k++) s += a[k] * ys[k];
  return fold(s);
}

/**
 * The random consistency check of the module comment for one point set (the
 * shares' sorted points and t): basis B = the first t points.
 */
class RandomCheck {
  readonly key: string;
  /** Lagrange coefficients at 0 of B. */
  private readonly atZero: bigint[];
  /** d_i for i ∈ B, then p − r_j for the other points: Σ weights·y ≡ 0 for consistent shares. */
  private readonly weights: bigint[];

  constructor(xs: readonly number[], t: number, basis: Basis) {
    this.key = checkKey(xs, t);
    this.atZero = basis.combination([1n], [0]);
    const others = xs.slice(t);
    const r = others.map(() => randomFieldElement(secureRandom));
    this.weights = [...basis.combination(r, others), ...r.map((v) => signed(v, true))];
  }

  /** Whether the shares' values (sorted by point, all < p) pass; always when they are consistent. */
  passes(ys: readonly bigint[]): boolean {
    return dot(this.weights, ys) === 0n;
  }

  /** f_B(0). */
  valueAtZero(ys: readonly bigint[]): bigint {
    return dot(this.atZero, ys);
  }
}

const checkKey = (xs: readonly number[], t: number): string => `${t}:${xs.join(',')}`;

export type Recovery =
  /** `rejected`: evaluation points of the shares off the accepted polynomial. */
  | { ok: true; secret: Uint8Array; rejected: number[] }
  /**
   * `suspects`: points of the shares that disagreed with the best basis (all
   * points when that is ambiguous); empty when the shares agree on a polynomial
   * whose value at 0 is not a `secretBytes`-byte secret, i.e. the dealer is at fault.
   */
  | { ok: false; suspects: number[]; reason: string };

/**
 * Memoises the last basis and the last random check, so many secrets shared
 * over the same points (the complete graph) pay for the weights and for r once.
 * One instance per reconstruction batch, created once its shares are fixed
 * (the random check's r is drawn when a point set is first seen); not shared
 * across threads of control.
 */
export class ShamirRecoverer {
  private last: Basis | null = null;
  private lastCheck: RandomCheck | null = null;
  private readonly randomCheck: boolean;
  private readonly counts = { fast: 0, robust: 0 };

  /** `randomCheck: false` always runs the robust path (the behaviour before the fast path; for benchmarks and tests). */
  constructor(options: { randomCheck?: boolean } = {}) {
    this.randomCheck = options.randomCheck ?? true;
  }

  /** Recoveries settled by the random check (`fast`) and by the robust path (`robust`). */
  get stats(): { fast: number; robust: number } {
    return { ...this.counts };
  }

  /**
   * Recovers a secret from all of `shares` (≥ t, distinct points) as described
   * in the module comment. Throws `BELOW_THRESHOLD` for fewer than t shares and
   * `INVALID_PARAMS` for bad points or thresholds; malformed share values count
   * as disagreeing shares.
   */
  recover(shares: readonly Share[], t: number, secretBytes = 32): Recovery {
    if (!Number.isInteger(t) || t < 1) throw new SecAggError(SecAggErrorCode.InvalidParams, `bad threshold ${t}`);
    const m = shares.length;
    if (m < t) throw new SecAggError(SecAggErrorCode.BelowThreshold, `need ${t} shares, got ${m}`);
    const sorted = [...shares].sort((a, b) => a.x - b.x);
    const xs = sorted.map((s) => s.x);
    checkPoints(xs);
    const ys = sorted.map((s) => (isBytes(s.y, SHARE_BYTES) ? bytesToBigInt(s.y) : P));
    const valid = ys.map((y) => y < P);
    if (this.randomCheck && valid.every(Boolean)) {
      const check = this.check(xs, t);
      if (check.passes(ys)) {
        this.counts.fast++;
        return atZero(check.valueAtZero(ys), secretBytes, []);
      }
    }
    this.counts.robust++;
    const need = Math.floor((m + t - 1) / 2) + 1;
    let best: { agree: number; off: number[] } | null = null;
    for (const start of basisStarts(m, t)) {
      const idx = Array.from({ length: t }, (_, i) => (start + i) % m).sort((a, b) => a - b);
      if (!idx.every((i) => valid[i])) continue;
      const basis = this.basis(idx.map((i) => xs[i]));
      const c = basis.scaled(idx.map((i) => ys[i]));
      const inBasis = new Set(idx);
      const off: number[] = [];
      for (let j = 0; j < m; j++) {
        if (inBasis.has(j)) continue;
        if (!valid[j] || basis.evaluate(c, xs[j]) !== ys[j]) off.push(j);
      }
      const agree = m - off.length;
      if (agree >= need) return atZero(basis.evaluate(c, 0), secretBytes, off.map((j) => xs[j]));
      if (!best || agree > best.agree) best = { agree, off };
    }
    // A basis polynomial that other shares confirm names the shares off it; otherwise only malformed shares are certain.
    const invalid = xs.filter((_, j) => !valid[j]);
    const suspects = best && best.agree > t ? best.off.map((j) => xs[j]) : invalid.length > 0 ? invalid : xs;
    return { ok: false, suspects, reason: `no polynomial of degree < ${t} fits ${need} of the ${m} shares` };
  }

  private basis(xs: number[]): Basis {
    const key = xs.join(',');
    if (this.last?.key !== key) this.last = new Basis(xs);
    return this.last;
  }

  private check(xs: number[], t: number): RandomCheck {
    if (this.lastCheck?.key !== checkKey(xs, t)) this.lastCheck = new RandomCheck(xs, t, this.basis(xs.slice(0, t)));
    return this.lastCheck;
  }
}

/** The recovery for an accepted polynomial's value at 0. */
function atZero(value: bigint, secretBytes: number, rejected: number[]): Recovery {
  if (value >> BigInt(8 * secretBytes) !== 0n) {
    return { ok: false, suspects: [], reason: `the shares agree on a value that is not a ${secretBytes}-byte secret` };
  }
  return { ok: true, secret: bigIntToBytes(value, secretBytes), rejected };
}

/**
 * Start offsets of the cyclic windows tried as bases. One is enough when no
 * recovery is possible (m − t < 2: every share must agree). Otherwise windows
 * at most m − t apart, so one of them avoids any single corrupt share.
 */
function basisStarts(m: number, t: number): number[] {
  if (m - t < 2) return [0];
  const step = Math.max(1, Math.min(Math.ceil(m / MAX_BASES), m - t));
  const starts: number[] = [];
  for (let s = 0; s < m; s += step) starts.push(s);
  return starts;
}

/** `ShamirRecoverer.recover` without memoisation across calls. */
export function shamirRecover(shares: readonly Share[], t: number, secretBytes = 32): Recovery {
  return new ShamirRecoverer().recover(shares, t, secretBytes);
}
