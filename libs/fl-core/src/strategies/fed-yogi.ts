/**
 * @module strategies/fed-yogi
 * FedYogi — Reddi et al., "Adaptive Federated Optimization", ICLR 2021
 * (arXiv 2003.00295), Algorithm 2:
 * v_t = v_{t−1} − (1 − β2)·Δ_t²·sign(v_{t−1} − Δ_t²), sign(0) = 0.
 * No bias correction, v_0 = τ² (see `strategies/fed-opt`).
 *
 * Options (default): `serverLearningRate` η (0.01), `beta1` β1 (0.9), `beta2`
 * β2 (0.99), `tau` τ (1e-3). Tune η and τ on log grids.
 */
import type { StrategyName } from '@fl/protocol';
import { FedOpt, type FedOptOptions } from './fed-opt';
import { withDefaults } from './with-defaults';

export const FED_YOGI_DEFAULTS = { serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 1e-3 } as const;

export class FedYogi extends FedOpt {
  readonly name: StrategyName = 'fedyogi';

  constructor(options: Partial<FedOptOptions> = {}) {
    super(withDefaults<FedOptOptions>({ ...FED_YOGI_DEFAULTS }, options));
  }

  protected secondMoment(vPrev: number, d2: number): number {
    return vPrev - (1 - this.options.beta2) * d2 * Math.sign(vPrev - d2);
  }
}
