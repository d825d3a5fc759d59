/**
 * @module crypto/shamir
 * Shamir t-of-n secret sharing (Shamir, CACM 1979) over the prime field
 * p = 2^521 − 1 (a Mersenne prime; p > 2^256 so any 32-byte secret is a field
 * element — 2^255 − 19 would not do). Polynomial of degree t − 1 with the
 * secret at 0 and coefficients drawn uniformly by rejection sampling from the
 * CSPRNG; evaluation points are the holders' canonical indices 1..n, never 0;
 * reconstruction is Lagrange interpolation at 0 (README.md "Cryptography").
 *
 * Shares are `{ x, y }` with y as 66 big-endian bytes.
 *
 * **Not constant-time.** JS BigInt arithmetic leaks operand sizes through
 * timing. Splitting runs on the client over its own secrets, reconstruction on
 * the server over secrets it is entitled to; a co-resident timing attacker is
 * outside the threat model. Documented in README.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes } from '../util/bytes';
import { secureRandom, type RandomSource } from './random';

export const SHAMIR_PRIME = (1n << 521n) - 1n;
/** Bytes of one share value (⌈521 / 8⌉). */
export const SHARE_BYTES = 66;
/** Largest secret: 64 bytes (< 2^512 < p). */
export const MAX_SECRET_BYTES = 64;

export interface Share {
  /** Evaluation point, 1..2^32−1 (the holder's canonical index). */
  x: number;
  /** f(x) mod p, 66 bytes big-endian. */
  y: Uint8Array;
}

const P = SHAMIR_PRIME;
/** a mod p, in [0, p). */
export const mod = (a: bigint): bigint => ((a % P) + P) % P;

/**
 * Big-endian bytes → BigInt, 64 bits per step (DataView.getBigUint64) after the
 * leading `length mod 8` bytes: 9 BigInt steps for a 66-byte share instead of 66.
 */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  const head = b.length % 8;
  for (let i = 0; i < head; i++) v = (v << 8n) | BigInt(b[i]);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = head; i < b.length; i += 8) v = (v << 64n) | dv.getBigUint64(i);
  return v;
}

/** BigInt → `len` big-endian bytes, 64 bits per step from the end (DataView.setBigUint64). */
export function bigIntToBytes(v: bigint, len: number): Uint8Array {
  if (v < 0n || v >> BigInt(8 * len) !== 0n) throw new SecAggError(SecAggErrorCode.ShareMismatch, `value does not fit in ${len} bytes`);
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  let i = len;
  for (; i >= 8; i -= 8) {
    dv.setBigUint64(i - 8, BigInt.asUintN(64, v));
    v >>= 64n;
  }
  for (; i > 0; i--) {
    out[i - 1] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Uniform field element by rejection: 521 random bits, redrawn while ≥ p. */
export function randomFieldElement(random: RandomSource): bigint {
  for (;;) {
    const b = random(SHARE_BYTES);
    b[0] &= 0x01;
    const v = bytesToBigInt(b);
    b.fill(0);
    if (v < P) return v;
  }
}

/** Throws unless xs are distinct integers in [1, 2^32). */
export function checkPoints(xs: readonly number[]): void {
  const seen = new Set<number>();
  for (const x of xs) {
    if (!Number.isInteger(x) || x < 1 || x >= 2 ** 32) throw new SecAggError(SecAggErrorCode.InvalidParams, `evaluation point ${x} must be an integer in [1, 2^32)`);
    if (seen.has(x)) throw new SecAggError(SecAggErrorCode.InvalidParams, `duplicate evaluation point ${x}`);
    seen.add(x);
  }
}

/** Splits `secret` (≤ 64 bytes) into one share per point in `xs`; any t of them rebuild it. */
export function shamirSplit(secret: Uint8Array, t: number, xs: readonly number[], random: RandomSource = secureRandom): Share[] {
  if (!isBytes(secret) || secret.length === 0 || secret.length > MAX_SECRET_BYTES) {
    throw new SecAggError(SecAggErrorCode.InvalidParams, `secret must be 1..${MAX_SECRET_BYTES} bytes`);
  }
  if (!Number.isInteger(t) || t < 1 || t > xs.length) throw new SecAggError(SecAggErrorCode.InvalidParams, `threshold ${t} must be in [1, ${xs.length}]`);
  checkPoints(xs);
  const coeffs: bigint[] = [bytesToBigInt(secret)];
  for (let i = 1; i < t; i++) coeffs.push(randomFieldElement(random));
  // Horner's rule over the integers, reduced once at the end: with x < 2^32 the
  // value grows by at most 32 bits per coefficient, and one reduction of a
  // (521 + 32·(t − 1))-bit number costs far less than t reductions.
  const shares = xs.map((x) => {
    const bx = BigInt(x);
    let y = 0n;
    for (let i = coeffs.length - 1; i >= 0; i--) y = y * bx + coeffs[i];
    return { x, y: bigIntToBytes(y % P, SHARE_BYTES) };
  });
  coeffs.fill(0n);
  return shares;
}

/** Modular inverse by the extended Euclidean algorithm (a ≠ 0 mod p). */
export function invert(a: bigint): bigint {
  let [r0, r1] = [mod(a), P];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new SecAggError(SecAggErrorCode.InvalidParams, 'value not invertible');
  return mod(s0);
}

/**
 * Rebuilds the secret from the first `t` of `shares` (Lagrange at 0, one
 * batched inversion). Refuses fewer than t shares, zero or duplicate points,
 * values ≥ p, and a result that does not fit `secretBytes` (inconsistent shares).
 */
export function shamirCombine(shares: readonly Share[], t: number, secretBytes = 32): Uint8Array {
  if (!Number.isInteger(t) || t < 1) throw new SecAggError(SecAggErrorCode.InvalidParams, `bad threshold ${t}`);
  if (shares.length < t) throw new SecAggError(SecAggErrorCode.BelowThreshold, `need ${t} shares, got ${shares.length}`);
  const use = shares.slice(0, t);
  checkPoints(use.map((s) => s.x));
  const xs = use.map((s) => BigInt(s.x));
  const ys = use.map((s) => {
    if (!isBytes(s.y, SHARE_BYTES)) throw new SecAggError(SecAggErrorCode.BadPayload, `share value must be ${SHARE_BYTES} bytes`);
    const y = bytesToBigInt(s.y);
    if (y >= P) throw new SecAggError(SecAggErrorCode.BadPayload, 'share value out of field');
    return y;
  });
  // λ_i = Π_{j≠i} x_j / (x_j − x_i); numerators and denominators, then batch-invert the denominators.
  const num: bigint[] = [];
  const den: bigint[] = [];
  for (let i = 0; i < t; i++) {
    let n = 1n;
    let d = 1n;
    for (let j = 0; j < t; j++) {
      if (j === i) continue;
      n = (n * xs[j]) % P;
      d = mod(d * (xs[j] - xs[i]));
    }
    num.push(n);
    den.push(d);
  }
  const prefix: bigint[] = [];
  let acc = 1n;
  for (let i = 0; i < t; i++) {
    prefix.push(acc);
    acc = (acc * den[i]) % P;
  }
  let inv = invert(acc);
  let secret = 0n;
  for (let i = t - 1; i >= 0; i--) {
    const dInv = (inv * prefix[i]) % P;
    inv = (inv * den[i]) % P;
    secret = (secret + ((ys[i] * num[i]) % P) * dInv) % P;
  }
  return bigIntToBytes(secret, secretBytes);
}
