/**
 * @module strategies/fed-adam
 * FedAdam — Reddi et al., "Adaptive Federated Optimization", ICLR 2021
 * (arXiv 2003.00295), Algorithm 2: v_t = β2·v_{t−1} + (1 − β2)·Δ_t².
 * No bias correction, v_0 = τ² (see `strategies/fed-opt`).
 *
 * Options (default): `serverLearningRate` η (0.01), `beta1` β1 (0.9), `beta2`
 * β2 (0.99), `tau` τ (1e-3). With these the first step is ≈ η·sign(Δ) per
 * coordinate; tune η and τ on log grids as the paper does.
 */
import type { StrategyName } from '@fl/protocol';
import { FedOpt, type FedOptOptions } from './fed-opt';
import { withDefaults } from './with-defaults';

export const FED_ADAM_DEFAULTS = { serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 1e-3 } as const;

export class FedAdam extends FedOpt {
  readonly name: StrategyName = 'fedadam';

  constructor(options: Partial<FedOptOptions> = {}) {
    super(withDefaults<FedOptOptions>({ ...FED_ADAM_DEFAULTS }, options));
  }

  protected secondMoment(vPrev: number, d2: number): number {
    const b2 = this.options.beta2;
    return b2 * vPrev + (1 - b2) * d2;
  }
}
