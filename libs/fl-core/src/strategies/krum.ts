/**
 * @module strategies/krum
 * Krum and Multi-Krum — Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine
 * Learning with Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS
 * 2017. Each update's score is the sum of squared distances to its n − f − 2
 * nearest other updates; Krum (m = 1) applies the lowest-scoring update,
 * Multi-Krum (m > 1) the plain mean of the m lowest-scoring ones. Requires
 * n > 2f + 2 (and m ≤ n − f) for the updates received.
 *
 * **Client weights are not used**, neither for scoring nor for the
 * Multi-Krum mean, because reported example counts are attacker-controlled
 * (a bias towards clients with few examples compared with FedAvg).
 *
 * Options (default): `f` Byzantine clients tolerated (1), `m` updates averaged
 * (1). Distances: robust/pairwise-distances (squared, built once, O(n²·P));
 * ties go to the lower index in client-id order (robust/krum-select).
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { multiKrum } from '../robust/krum-select';
import { squaredDistances } from '../robust/coordinate-rules';
import { optionProblems } from './option-ranges';
import { RobustStrategy } from './robust-strategy';

export const KRUM_DEFAULTS = { f: 1, m: 1 } as const;

export interface KrumOptions {
  f: number;
  m: number;
}

export class Krum extends RobustStrategy {
  readonly name: StrategyName = 'krum';
  readonly options: Readonly<KrumOptions>;

  constructor(options: Partial<KrumOptions> = {}) {
    super();
    const o = { f: options.f ?? KRUM_DEFAULTS.f, m: options.m ?? KRUM_DEFAULTS.m };
    assertNoProblems('Krum', optionProblems(o));
    this.options = Object.freeze(o);
  }

  protected config(): StrategyConfig {
    return { name: 'krum', ...this.options };
  }

  protected combine(updates: Float32Array[], P: number): Float64Array {
    const n = updates.length;
    const picks = multiKrum(squaredDistances(updates, P), n, this.options.f, this.options.m);
    const out = new Float64Array(P);
    for (const k of picks) {
      const u = updates[k];
      for (let i = 0; i < P; i++) out[i] += u[i];
    }
    if (picks.length > 1) for (let i = 0; i < P; i++) out[i] /= picks.length;
    return out;
  }
}
