/**
 * @module strategies/bulyan
 * Bulyan — El Mhamdi, Guerraoui, Rouault, "The Hidden Vulnerability of
 * Distributed Learning in Byzantium", ICML 2018. Requires n ≥ 4f + 3 for the
 * updates received.
 *
 * 1. Selection: θ = n − 2f updates, each chosen by Krum on the updates not yet
 *    chosen, rescored every time (the paper's recursion; not Flower's single
 *    Multi-Krum pass, which only approximates it).
 * 2. Aggregation: per coordinate, the mean of the β = θ − 2f selected values
 *    closest to their median (the median of θ values; mean of the two middle
 *    ones when θ is even). Taken as a contiguous run of the sorted values,
 *    grown from the median towards whichever neighbour is closer (ties: the
 *    lower one), so every result lies within the selected values' range.
 *    The last Krum picks score few or no neighbours (|R| − f − 2 ≤ 1 once
 *    |R| ≤ f + 3), so ties there fall to client-id order; step 2 then bounds
 *    each coordinate by the selected values nearest the median.
 *
 * **Client weights are not used** (attacker-controlled; this biases the result
 * towards clients with few examples compared with FedAvg).
 *
 * Options (default): `f` Byzantine clients tolerated (1).
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { coordinateMeanAroundMedian, squaredDistances } from '../robust/coordinate-rules';
import { iteratedKrum } from '../robust/krum-select';
import { optionProblems } from './option-ranges';
import { RobustStrategy } from './robust-strategy';

export const BULYAN_DEFAULTS = { f: 1 } as const;

export { meanAroundMedian } from '../robust/coordinate-rules';

export class Bulyan extends RobustStrategy {
  readonly name: StrategyName = 'bulyan';
  readonly f: number;

  constructor(f: number = BULYAN_DEFAULTS.f) {
    super();
    assertNoProblems('Bulyan', optionProblems({ f }));
    this.f = f;
  }

  protected config(): StrategyConfig {
    return { name: 'bulyan', f: this.f };
  }

  protected combine(updates: Float32Array[], P: number): Float64Array {
    const n = updates.length;
    const theta = n - 2 * this.f;
    const beta = theta - 2 * this.f;
    const picked = iteratedKrum(squaredDistances(updates, P), n, this.f, theta).sort((a, b) => a - b);
    return coordinateMeanAroundMedian(
      picked.map((k) => updates[k]),
      P,
      beta,
    );
  }
}
