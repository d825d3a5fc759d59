/**
 * @module testing/shares
 * Crafted share corruption for the specs: a change to one share that moves the
 * value Lagrange-interpolated at 0 from a given set of points by exactly Δ, so
 * that reconstruction from those t points yields a *valid but wrong* secret
 * (the attack a server that reads only t shares cannot see).
 */
import { bigIntToBytes, bytesToBigInt, invert, mod, shamirCombine, SHARE_BYTES } from '../crypto/shamir';

/** λ_x: the Lagrange coefficient at 0 of point `x` among `basis` (x ∈ basis). */
export function lagrangeAtZero(x: number, basis: readonly number[]): bigint {
  const unit = basis.map((b) => ({ x: b, y: bigIntToBytes(b === x ? 1n : 0n, SHARE_BYTES) }));
  return bytesToBigInt(shamirCombine(unit, basis.length, SHARE_BYTES));
}

/** y + Δ/λ_x: interpolating `basis` at 0 then gives the old value + Δ. */
export function shiftShare(y: Uint8Array, x: number, basis: readonly number[], delta = 1n): Uint8Array {
  return bigIntToBytes(mod(bytesToBigInt(y) + delta * invert(lagrangeAtZero(x, basis))), SHARE_BYTES);
}
