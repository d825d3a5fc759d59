/**
 * @module strategies/fed-adagrad
 * FedAdagrad — Reddi et al., "Adaptive Federated Optimization", ICLR 2021
 * (arXiv 2003.00295), Algorithm 2: v_t = v_{t−1} + Δ_t². Keeps the paper's
 * momentum m_t with β1 (Flower sets β1 = 0 here). No bias correction,
 * v_0 = τ² (see `strategies/fed-opt`).
 *
 * Options (default): `serverLearningRate` η (0.1), `beta1` β1 (0.9), `tau` τ
 * (1e-3). β2 does not apply. With these the first step is ≈ 0.1·η·sign(Δ)
 * per coordinate; tune η and τ on log grids.
 */
import type { StrategyName } from '@fl/protocol';
import { FedOpt, type FedOptOptions } from './fed-opt';
import { withDefaults } from './with-defaults';

export const FED_ADAGRAD_DEFAULTS = { serverLearningRate: 0.1, beta1: 0.9, tau: 1e-3 } as const;

export class FedAdagrad extends FedOpt {
  readonly name: StrategyName = 'fedadagrad';

  constructor(options: Partial<Omit<FedOptOptions, 'beta2'>> = {}) {
    // β2 is unused; 0 keeps the shared option check satisfied.
    super({ ...withDefaults<Omit<FedOptOptions, 'beta2'>>({ ...FED_ADAGRAD_DEFAULTS }, options), beta2: 0 });
  }

  protected secondMoment(vPrev: number, d2: number): number {
    return vPrev + d2;
  }
}
