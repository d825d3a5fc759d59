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
 *
 * **Client weights are not used** (attacker-controlled; this biases the result
 * towards clients with few examples compared with FedAvg).
 *
 * Options (default): `f` Byzantine clients tolerated (1).
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { insertionSort } from '../robust/column-select';
import { coordinateWise } from '../robust/coordinate-wise';
import { iteratedKrum } from '../robust/krum-select';
import { pairwiseSquaredDistances } from '../robust/pairwise-distances';
import { optionProblems } from './option-ranges';
import { RobustStrategy } from './robust-strategy';

export const BULYAN_DEFAULTS = { f: 1 } as const;

/** Mean of the `beta` values of col[off..off+n) closest to their median. Sorts the range. */
export function meanAroundMedian(col: Float64Array, off: number, n: number, beta: number): number {
  const hi = off + n - 1;
  insertionSort(col, off, hi);
  const h = n >> 1;
  const med = n & 1 ? col[off + h] : (col[off + h - 1] + col[off + h]) / 2;
  // window [l, r) grown outwards from the median position
  let l = off + h;
  let r = off + h;
  let s = 0;
  for (let taken = 0; taken < beta; taken++) {
    const left = l > off ? med - col[l - 1] : Infinity;
    const right = r <= hi ? col[r] - med : Infinity;
    if (left <= right) s += col[--l];
    else s += col[r++];
  }
  return s / beta;
}

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
    const picked = iteratedKrum(pairwiseSquaredDistances(updates, P), n, this.f, theta).sort((a, b) => a - b);
    return coordinateWise(
      picked.map((k) => updates[k]),
      P,
      (col, off, len) => meanAroundMedian(col, off, len, beta),
    );
  }
}
