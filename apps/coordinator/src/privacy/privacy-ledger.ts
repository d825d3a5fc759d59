/**
 * @module privacy/privacy-ledger
 * A job's privacy ledger: the RDP curve summed over the rounds charged so far
 * (Mironov, CSF 2017; per released round one Poisson-subsampled Gaussian,
 * Mironov, Talwar, Zhang 2019, or one distributed discrete Gaussian with the
 * survivors' noise, Kairouz, Liu, Steinke 2021), the budget, and ε read off the curve with the
 * conversion of libs/privacy. Plain data, persisted with the job in the same
 * transaction as each new model version, so ε never decreases across a
 * coordinator restart. Framework-free; every step returns a new ledger.
 */
import type { PrivacyConfig, PrivacyLedgerView, PrivacySpent } from '@fl/protocol';
import { epsilonFromRdp, eventRdp, orderGrid, type PrivacyEvent } from '@fl/privacy';
import { ddgEvent } from './ddg-params';

export interface PrivacyLedger {
  config: PrivacyConfig;
  /** The budget ε (the job's, or what an admin raised it to). */
  budgetEpsilon: number;
  /** RDP per order of `orderGrid(config.orders)`, summed over the charged rounds. */
  rdp: number[];
  steps: number;
  epsilonSpent: number;
  order: number | null;
  /**
   * The clip norm of the next round: `config.clip`, or with adaptive clipping
   * the current C, moved after each released round and committed with it (so
   * a restart continues from it). Absent in ledgers stored before adaptive
   * clipping: `config.clip`.
   */
  clip?: number;
  /** Adaptive clipping: the last released round's noisy unclipped fraction b̃. */
  unclippedFraction?: number | null;
}

/** The clip norm the next round applies. */
export const currentClip = (l: PrivacyLedger): number => l.clip ?? l.config.clip;

/** The ledger after adaptive clipping moved C (no-op without a new C). */
export function withClip(l: PrivacyLedger, adapted: { unclippedFraction?: number; nextClip?: number } | null | undefined): PrivacyLedger {
  if (!adapted || adapted.nextClip === undefined) return l;
  return { ...l, clip: adapted.nextClip, unclippedFraction: adapted.unclippedFraction ?? null };
}

/**
 * One released round. Distributed mode charges the noise of the `contributors`
 * whose shares are in the sum (default: the fewest a round can release with).
 */
export function roundEvent(c: PrivacyConfig, contributors?: number): PrivacyEvent {
  if (c.mode === 'distributed-ddg') return ddgEvent(c, contributors ?? c.ddg!.minContributors);
  return { mechanism: 'gaussian', sampling: 'poisson', q: c.samplingRate, noiseMultiplier: c.noiseMultiplier };
}

export function newLedger(config: PrivacyConfig): PrivacyLedger {
  return { config, budgetEpsilon: config.epsilon, rdp: orderGrid(config.orders).map(() => 0), steps: 0, epsilonSpent: 0, order: null, clip: config.clip, unclippedFraction: null };
}

/** The ledger after one more round of `event` (default: the job's round). */
export function charge(l: PrivacyLedger, event: PrivacyEvent = roundEvent(l.config)): PrivacyLedger {
  const orders = orderGrid(l.config.orders);
  const step = eventRdp(event, orders);
  const rdp = l.rdp.map((r, i) => r + step[i]);
  const at = epsilonFromRdp(orders, rdp, l.config.delta);
  // ε is monotone in the curve; max() guards the stored figure against rounding.
  return { ...l, rdp, steps: l.steps + 1, epsilonSpent: Math.max(l.epsilonSpent, at.epsilon), order: at.order };
}

/** Would one more round (at worst: the fewest contributors) exceed the budget? Then the ε it would reach. */
export function exceedsBudget(l: PrivacyLedger): number | null {
  const next = charge(l).epsilonSpent;
  return next > l.budgetEpsilon ? next : null;
}

/** ε after one more round, per ledger (ledgers are never mutated, so it is computed once; views are rendered often). */
const nextCache = new WeakMap<PrivacyLedger, number>();
function nextEpsilon(l: PrivacyLedger): number {
  let e = nextCache.get(l);
  if (e === undefined) nextCache.set(l, (e = charge(l).epsilonSpent));
  return e;
}

export function ledgerView(l: PrivacyLedger): PrivacyLedgerView {
  const c = l.config;
  return {
    mode: c.mode,
    budgetEpsilon: l.budgetEpsilon,
    delta: c.delta,
    noiseMultiplier: c.noiseMultiplier,
    clip: currentClip(l),
    unclippedFraction: l.unclippedFraction ?? null,
    samplingRate: c.samplingRate,
    steps: l.steps,
    epsilonSpent: l.epsilonSpent,
    order: l.order,
    nextEpsilon: nextEpsilon(l),
  };
}

/** What a version records: ε after its round, and the clip norm that round applied. */
export function spentOf(l: PrivacyLedger, roundClip: number): PrivacySpent {
  return { epsilon: l.epsilonSpent, delta: l.config.delta, steps: l.steps, mode: l.config.mode, noiseMultiplier: l.config.noiseMultiplier, clip: roundClip };
}

/** The ledger with a larger budget, or why not. Spending is never touched. */
export function raiseBudget(l: PrivacyLedger, epsilon: number): PrivacyLedger | string {
  if (!(Number.isFinite(epsilon) && epsilon > l.budgetEpsilon)) return `epsilon must be larger than the current budget ε = ${l.budgetEpsilon} (a budget is only ever raised)`;
  return { ...l, budgetEpsilon: epsilon };
}
