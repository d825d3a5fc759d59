/**
 * @module bounds/l2-norm
 * L2 norms of model updates and the clipping factor of DP-FedAvg
 * (McMahan, Ramage, Talwar, Zhang, ICLR 2018): Δ̂ = Δ·min(1, C/‖Δ‖₂).
 * Norms accumulate in Float64, so a Float32 update can never overflow them.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** ‖x − g‖₂ in Float64; NaN when x or g holds NaN/±Infinity. @throws InvalidArgumentError on a length mismatch */
export function l2DeltaNorm(x: ArrayLike<number>, g: ArrayLike<number>): number {
  if (x.length !== g.length) throw new InvalidArgumentError('l2DeltaNorm', [`x has ${x.length} entries, g ${g.length}`]);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - g[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** ‖x‖₂ in Float64. */
export function l2Norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** The positive, finite bound check shared by every rule. @throws InvalidArgumentError */
export function checkBound(bound: number, what = 'bound'): void {
  if (typeof bound !== 'number' || !Number.isFinite(bound) || !(bound > 0)) throw new InvalidArgumentError('checkBound', [`${what} must be a positive finite number (got ${bound})`]);
}

/** min(1, C/‖Δ‖): the factor that scales an update of L2 norm `norm` into the ball of radius `bound` (1 inside it). */
export function clipFactor(norm: number, bound: number): number {
  checkBound(bound);
  if (!(norm >= 0)) throw new InvalidArgumentError('clipFactor', [`norm must be a number >= 0 (got ${norm})`]);
  return norm <= bound ? 1 : bound / norm;
}
