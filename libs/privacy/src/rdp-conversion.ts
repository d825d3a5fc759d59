/**
 * @module rdp-conversion
 * From an RDP curve to (ε, δ), with the conversion the reference libraries
 * (dp_accounting, tensorflow_privacy, Opacus) use: Canonne, Kamath, Steinke,
 * "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020; arXiv
 * 2004.00010 v4, Prop. 12) / Balle, Barthe, Gaboardi, Hsu, Sato, "Hypothesis
 * Testing Interpretations and Rényi Differential Privacy" (AISTATS 2020):
 *
 *   ε = min_α [ RDP(α) + log1p(−1/α) − (log δ + log α)/(α − 1) ],
 *
 * and its inverse for δ. Orders at or below 1.01 are skipped (the bound is
 * unstable there and useless anyway). When δ² > 1 − e^{−RDP(α)} the KL bound
 * δ ≤ √(1 − e^{−KL}) already gives ε = 0 at that order.
 */
import { check } from './errors';

export interface EpsilonAt {
  epsilon: number;
  /** The order that attains the minimum. */
  order: number;
}

export interface DeltaAt {
  delta: number;
  order: number;
}

function checkCurve(orders: readonly number[], rdp: readonly number[]): void {
  check(orders.length === rdp.length && orders.length > 0, `orders (${orders.length}) and RDP values (${rdp.length}) must be non-empty and aligned`);
  for (let i = 0; i < orders.length; i++) {
    check(orders[i] >= 1, `RDP order ${orders[i]} must be ≥ 1`);
    check(rdp[i] >= 0, `RDP value ${rdp[i]} at order ${orders[i]} must be ≥ 0`);
  }
}

/** Smallest ε over the orders for the given δ ∈ (0, 1). */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number): EpsilonAt {
  checkCurve(orders, rdp);
  check(delta > 0 && delta < 1, `δ = ${delta} must be in (0, 1)`);
  let best: EpsilonAt = { epsilon: Infinity, order: orders[0] };
  for (let i = 0; i < orders.length; i++) {
    const a = orders[i];
    const r = rdp[i];
    let eps: number;
    if (delta * delta + Math.expm1(-r) > 0) eps = 0;
    else if (a > 1.01 && Number.isFinite(r)) eps = a === Infinity ? Infinity : r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    else eps = Infinity;
    if (eps < best.epsilon) best = { epsilon: eps, order: a };
  }
  return { epsilon: Math.max(0, best.epsilon), order: best.order };
}

/** Smallest δ over the orders for the given ε ≥ 0 (the inverse of `epsilonFromRdp`). */
export function deltaFromRdp(orders: readonly number[], rdp: readonly number[], epsilon: number): DeltaAt {
  checkCurve(orders, rdp);
  check(epsilon >= 0, `ε = ${epsilon} must be ≥ 0`);
  let best = { logDelta: Infinity, order: orders[0] };
  for (let i = 0; i < orders.length; i++) {
    const a = orders[i];
    const r = rdp[i];
    // KL bound δ ≤ √(1 − e^{−r}), then the conversion bound where it is stable.
    let logDelta = r === 0 ? -Infinity : 0.5 * Math.log1p(-Math.exp(-r));
    if (a > 1.01 && a !== Infinity) logDelta = Math.min(logDelta, (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a));
    if (logDelta < best.logDelta) best = { logDelta, order: a };
  }
  return { delta: Math.min(Math.exp(best.logDelta), 1), order: best.order };
}
