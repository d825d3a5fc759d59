/**
 * @module bounds/update-bound
 * Bounded influence of one plain-round update: each update Δ_k (the delta to
 * the global model) is measured in L2 norm before it is folded into the sum,
 * and either scaled into the ball of radius C (`clip`: Δ̂ = Δ·min(1, C/‖Δ‖),
 * McMahan et al., ICLR 2018) or refused when ‖Δ‖ > C (`refuse`). C is fixed
 * (`fixed`), a multiple of the *same* round's median norm (`median`, applied
 * once the round's updates are in: the median is robust to any minority of
 * updates, so attackers cannot raise it, and no generous bound is needed for
 * the first round), or adapts between rounds by the quantile rule of Andrew
 * et al. (NeurIPS 2021, `quantile`). With a weight w_k ≤ W the mean moves by
 * at most C: the clipped weighted mean Σ w_k·Δ̂_k / Σ w_k is a convex
 * combination of vectors of norm ≤ C.
 *
 * {@link UpdateBoundTally} judges each update of one attempt and counts what
 * it did (as each arrives, or all at once with `settle` under `median`); its
 * `next()` is the bound of the next round.
 */
import { UPDATE_BOUND_ACTIONS, UPDATE_BOUND_RULES, type UpdateBoundConfig, type UpdateBoundView } from '@fl/protocol';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { median, medianMultipleBound, quantileBound } from './adaptive-bound';
import { checkBound, clipFactor } from './l2-norm';

/** The job's `updateBound` settings. */
export type UpdateBoundPolicy = UpdateBoundConfig;
/** What the bound did in one attempt (the round view shows it). */
export type UpdateBoundCounts = UpdateBoundView;

/** Every problem with a policy (empty when valid). */
export function updateBoundProblems(p: UpdateBoundPolicy): string[] {
  const out: string[] = [];
  if (!UPDATE_BOUND_ACTIONS.includes(p.action)) out.push(`action must be one of ${UPDATE_BOUND_ACTIONS.join(', ')} (got ${p.action})`);
  if (!UPDATE_BOUND_RULES.includes(p.rule)) out.push(`rule must be one of ${UPDATE_BOUND_RULES.join(', ')} (got ${p.rule})`);
  const positive = (v: number, name: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) out.push(`${name} must be a positive finite number (got ${v})`);
  };
  positive(p.norm, 'norm');
  positive(p.multiple, 'multiple');
  positive(p.learningRate, 'learningRate');
  if (typeof p.targetQuantile !== 'number' || !(p.targetQuantile > 0 && p.targetQuantile < 1)) out.push(`targetQuantile must be in (0, 1) (got ${p.targetQuantile})`);
  return out;
}

export class UpdateBoundTally {
  private readonly norms: number[] = [];
  private unclipped = 0;
  readonly counts: UpdateBoundCounts;
  /** True when the bound comes from this round's own norms (`median`): judge with `settle` once every update is in. */
  readonly deferred: boolean;

  /** @param bound C_t for this attempt (ignored when the action is `off`). @throws InvalidArgumentError */
  constructor(
    readonly policy: UpdateBoundPolicy,
    bound: number,
  ) {
    const p = updateBoundProblems(policy);
    if (p.length) throw new InvalidArgumentError('UpdateBoundTally', p);
    const on = policy.action !== 'off';
    if (on) checkBound(bound);
    this.deferred = on && policy.rule === 'median';
    this.counts = { action: policy.action, rule: policy.rule, bound: on && !this.deferred ? bound : null, measured: 0, clipped: 0, refused: 0, maxNorm: null, medianNorm: null, nextBound: on && !this.deferred ? bound : null };
  }

  /**
   * One update of L2 norm `norm`: the factor to scale it by (1 inside the
   * bound), or null to refuse it. A non-finite norm (NaN/Inf in the update)
   * returns 1 and is not counted: the sum refuses such an update itself.
   */
  judge(norm: number): number | null {
    const c = this.counts;
    if (!Number.isFinite(norm)) return 1;
    if (norm < 0) throw new InvalidArgumentError('UpdateBoundTally.judge', [`norm must be >= 0 (got ${norm})`]);
    if (c.bound === null) return 1;
    if (norm <= c.bound) return 1;
    if (this.policy.action === 'refuse') return null;
    return clipFactor(norm, c.bound);
  }

  /**
   * `median`: the round's bound C = multiple × median of `norms` (every update
   * of the round; `norm` when that median is 0), then each update's factor as
   * `judge` gives it, counted. Called once, after the round's last update.
   * @throws InvalidArgumentError when the tally is not deferred or already settled
   */
  settle(norms: readonly number[]): Array<number | null> {
    if (!this.deferred || this.counts.bound !== null) throw new InvalidArgumentError('UpdateBoundTally.settle', ['only a `median` tally settles, once']);
    const finite = norms.filter((n) => Number.isFinite(n));
    this.counts.bound = finite.length ? medianMultipleBound(finite, this.policy.multiple, this.policy.norm) : this.policy.norm;
    return norms.map((n) => {
      const s = this.judge(n);
      this.count(n, s);
      return s;
    });
  }

  /** Counts a judged update: `accepted` false when it was refused (by the bound or anything else after judging). */
  count(norm: number, scale: number | null): void {
    const c = this.counts;
    if (!Number.isFinite(norm)) return;
    this.norms.push(norm);
    c.measured++;
    if (scale === null) c.refused++;
    else if (scale < 1) c.clipped++;
    if (c.bound !== null && norm <= c.bound) this.unclipped++;
    c.maxNorm = Math.max(c.maxNorm ?? 0, norm);
    c.medianNorm = median(this.norms);
    c.nextBound = this.next();
  }

  /** C_{t+1}: unchanged for `fixed` (or before any update), else the adaptive rule's. */
  next(): number | null {
    const { policy, norms } = this;
    const bound = this.counts.bound;
    if (bound === null) return null;
    if (norms.length === 0 || policy.rule === 'fixed') return bound;
    if (policy.rule === 'median') return bound; // each round takes its own median: nothing carries over
    return quantileBound({ bound, unclipped: this.unclipped, count: norms.length, targetQuantile: policy.targetQuantile, learningRate: policy.learningRate });
  }
}
