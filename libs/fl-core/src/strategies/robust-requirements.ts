/**
 * @module strategies/robust-requirements
 * How many updates a robust rule needs, as a function of its options — the
 * one precondition checked both when a job is created (against `minClients`,
 * the fewest results a round may aggregate) and when a round's updates are in
 * (against the number actually received, not the number sampled):
 *
 * - FedMedian: n ≥ 1.
 * - FedTrimmedAvg: n − 2⌊βn⌋ ≥ 1, which β < 0.5 guarantees for every n ≥ 1.
 * - Krum / Multi-Krum: n > 2f + 2 (Blanchard et al., NeurIPS 2017), and
 *   m ≤ n − f (never average more updates than can be honest).
 * - Bulyan: n ≥ 4f + 3 (El Mhamdi et al., ICML 2018).
 */
import type { StrategyConfig } from '@fl/protocol';

/** The fewest updates `config` can aggregate, with the rule in words; null for sum-based strategies. */
export function robustRequirement(config: StrategyConfig): { min: number; rule: string } | null {
  const f = config.f ?? 0;
  switch (config.name) {
    case 'fedmedian':
    case 'fedtrimmedavg':
      return { min: 1, rule: 'n ≥ 1' };
    case 'krum': {
      const m = config.m ?? 1;
      return { min: Math.max(2 * f + 3, f + m), rule: `n > 2f + 2 and n ≥ f + m (f = ${f}, m = ${m})` };
    }
    case 'bulyan':
      return { min: 4 * f + 3, rule: `n ≥ 4f + 3 (f = ${f})` };
    default:
      return null;
  }
}
