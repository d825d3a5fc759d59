/**
 * @module strategies/fed-trimmed-avg
 * FedTrimmedAvg — coordinate-wise trimmed mean of the updates (Yin, Chen,
 * Ramchandran, Bartlett, ICML 2018): per coordinate, drop the ⌊βn⌋ smallest
 * and the ⌊βn⌋ largest values and average the rest. β = 0 is the plain
 * (unweighted) mean.
 *
 * **Client weights are not used**: the kept values are averaged with equal
 * weight, because reported example counts are attacker-controlled. This
 * biases the result towards clients with few examples compared with FedAvg.
 *
 * Options (default): `beta` β ∈ [0, 0.5) (0.2, as Flower). β < 0.5 keeps
 * n − 2⌊βn⌋ ≥ 1 value for every n ≥ 1, so the mean is never 0/0.
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { coordinateTrimmedMean } from '../robust/coordinate-rules';
import { optionProblems } from './option-ranges';
import { RobustStrategy } from './robust-strategy';

export const FED_TRIMMED_AVG_DEFAULTS = { beta: 0.2 } as const;

export class FedTrimmedAvg extends RobustStrategy {
  readonly name: StrategyName = 'fedtrimmedavg';
  readonly beta: number;

  constructor(beta: number = FED_TRIMMED_AVG_DEFAULTS.beta) {
    super();
    assertNoProblems('FedTrimmedAvg', optionProblems({ beta }));
    this.beta = beta;
  }

  protected config(): StrategyConfig {
    return { name: 'fedtrimmedavg', beta: this.beta };
  }

  protected combine(updates: Float32Array[], P: number): Float64Array {
    const trim = Math.floor(this.beta * updates.length);
    return coordinateTrimmedMean(updates, P, trim);
  }
}
