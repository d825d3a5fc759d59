/**
 * @module strategies/fed-median
 * FedMedian — coordinate-wise median of the updates (Yin, Chen, Ramchandran,
 * Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 * Statistical Rates", ICML 2018): x_{t+1}[i] = x_t[i] + median_k Δ_k[i]; with
 * an even count, the mean of the two middle values.
 *
 * **Client weights are not used**: every update counts once, whatever n_k it
 * reports, because the weights are attacker-controlled. This biases the
 * result towards clients with few examples compared with FedAvg.
 *
 * Options: none. Needs n ≥ 1 update. Per coordinate on transposed blocks: a
 * SIMD sorting network (wasm) or a quickselect (JS), robust/coordinate-rules.
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import { coordinateMedian } from '../robust/coordinate-rules';
import { RobustStrategy } from './robust-strategy';

export class FedMedian extends RobustStrategy {
  readonly name: StrategyName = 'fedmedian';

  protected config(): StrategyConfig {
    return { name: 'fedmedian' };
  }

  protected combine(updates: Float32Array[], P: number): Float64Array {
    return coordinateMedian(updates, P);
  }
}
