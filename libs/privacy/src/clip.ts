/**
 * @module clip
 * L2 clipping of one client's update, the first step of user-level DP-FedAvg
 * (McMahan, Ramage, Talwar, Zhang, ICLR 2018): Δ̂ = Δ·min(1, S/‖Δ‖). The
 * result also says whether the update was within the bound (the "unclipped"
 * indicator adaptive clipping counts, Andrew et al. NeurIPS 2021).
 */
import { check } from './errors';

export interface Clipped {
  values: Float64Array;
  /** ‖Δ‖ before clipping. */
  norm: number;
  /** ‖Δ‖ ≤ S: the update was not scaled down. */
  unclipped: boolean;
}

export function l2Norm(x: ArrayLike<number>): number {
  // Scaled sum of squares: no overflow or underflow for extreme coordinates.
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

export function clipL2(x: ArrayLike<number>, bound: number): Clipped {
  check(Number.isFinite(bound) && bound > 0, `clip norm ${bound} must be > 0`);
  const norm = l2Norm(x);
  check(Number.isFinite(norm), 'update has a non-finite coordinate');
  const values = Float64Array.from(x);
  const unclipped = norm <= bound;
  if (!unclipped) {
    const f = bound / norm;
    for (let i = 0; i < values.length; i++) values[i] *= f;
  }
  return { values, norm, unclipped };
}
