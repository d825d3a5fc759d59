/**
 * @module accountant
 * An RDP accountant (Mironov, "Rényi Differential Privacy", CSF 2017):
 * composition adds RDP curves order by order, and (ε, δ) comes from the
 * summed curve with the conversion of `rdp-conversion`. It knows two
 * mechanisms: the Poisson-subsampled Gaussian (central noise) and the
 * distributed discrete Gaussian (noise added by the clients under secure
 * aggregation). Both analyses assume Poisson sampling with add/remove
 * adjacency; an event declaring fixed-size sampling is refused rather than
 * charged with the wrong bound.
 */
import { PrivacyError, PrivacyErrorCode, check } from './errors';
import { checkOrders, orderGrid, type OrderGridName } from './orders';
import { deltaFromRdp, epsilonFromRdp, type DeltaAt, type EpsilonAt } from './rdp-conversion';
import { ddgRdp, type DistributedDiscreteGaussian } from './rdp-ddgauss';
import { poissonGaussianRdp, type PoissonGaussian } from './rdp-gaussian';

/** How the cohort was drawn. Only `poisson` (each client independently with probability q) matches these bounds. */
export type SamplingMode = 'poisson' | 'fixed-size';

export type PrivacyEvent =
  | ({ mechanism: 'gaussian'; sampling: SamplingMode } & PoissonGaussian)
  | ({ mechanism: 'distributed-discrete-gaussian'; sampling: SamplingMode } & DistributedDiscreteGaussian);

/** RDP curve of one occurrence of `event` at `orders`. */
export function eventRdp(event: PrivacyEvent, orders: readonly number[]): number[] {
  if (event.sampling !== 'poisson' && event.q < 1) {
    throw new PrivacyError(
      PrivacyErrorCode.SamplingMismatch,
      `the accountant's bounds assume Poisson sampling; a ${String(event.sampling)} cohort (q = ${event.q}) needs the replace-one analysis, which is not implemented`,
    );
  }
  if (event.mechanism === 'gaussian') return poissonGaussianRdp(event, orders);
  if (event.mechanism === 'distributed-discrete-gaussian') return ddgRdp(event, orders);
  throw new PrivacyError(PrivacyErrorCode.InvalidParams, `unknown mechanism "${String((event as { mechanism?: unknown }).mechanism)}"`);
}

export class RdpAccountant {
  readonly orders: readonly number[];
  private readonly total: number[];

  /** `orders`: a grid name (default `dp-accounting`) or explicit orders > 1. */
  constructor(orders: OrderGridName | readonly number[] = 'dp-accounting') {
    this.orders = typeof orders === 'string' ? orderGrid(orders) : Object.freeze([...orders]);
    checkOrders(this.orders);
    this.total = this.orders.map(() => 0);
  }

  /** Charges `count` occurrences of `event` (count ≥ 0, an integer). */
  compose(event: PrivacyEvent, count = 1): this {
    check(Number.isInteger(count) && count >= 0, `count ${count} must be an integer ≥ 0`);
    if (count === 0) return this;
    const rdp = eventRdp(event, this.orders);
    for (let i = 0; i < rdp.length; i++) this.total[i] += count * rdp[i];
    return this;
  }

  /** The composed RDP curve so far (a copy). */
  rdp(): number[] {
    return [...this.total];
  }

  epsilon(delta: number): EpsilonAt {
    return epsilonFromRdp(this.orders, this.total, delta);
  }

  delta(epsilon: number): DeltaAt {
    return deltaFromRdp(this.orders, this.total, epsilon);
  }
}

export interface GaussianEpsilonParams {
  q: number;
  noiseMultiplier: number;
  steps: number;
  delta: number;
  orders?: OrderGridName | readonly number[];
}

/** ε after `steps` rounds of the Poisson-subsampled Gaussian: what `npm run privacy -- epsilon` prints. */
export function gaussianEpsilon(p: GaussianEpsilonParams): EpsilonAt {
  return new RdpAccountant(p.orders).compose({ mechanism: 'gaussian', sampling: 'poisson', q: p.q, noiseMultiplier: p.noiseMultiplier }, p.steps).epsilon(p.delta);
}
