import { DEFAULT_UPDATE_STORE_BYTES } from '@fl/fl-core';
import type { JobConfig } from '@fl/protocol';
import { UPDATE_BOUND_DEFAULTS } from './job-defaults';
import { keptUpdateProblems } from './kept-updates';

type Cfg = Pick<JobConfig, 'clientsPerRound' | 'updateBound' | 'secureAggregation' | 'strategy'>;
const cfg = (o: Partial<Cfg> = {}): Cfg => ({
  clientsPerRound: 8,
  updateBound: UPDATE_BOUND_DEFAULTS,
  secureAggregation: { enabled: false } as Cfg['secureAggregation'],
  strategy: { name: 'fedavg' },
  ...o,
});

describe(keptUpdateProblems.name, () => {
  it('holds clientsPerRound × parameters × 4 bytes to the kept-update cap under the median rule', () => {
    expect(DEFAULT_UPDATE_STORE_BYTES).toBe(2 ** 30);
    // 8 × 33,554,432 × 4 = 2^30 bytes: exactly the cap fits, one parameter more does not.
    expect(keptUpdateProblems(cfg(), 2 ** 25)).toEqual([]);
    const [p] = keptUpdateProblems(cfg(), 2 ** 25 + 1);
    expect(p).toContain(`keeps clientsPerRound × parameters × 4 = ${8 * (2 ** 25 + 1) * 4} bytes, above the ${2 ** 30}-byte cap`);
    expect(p).toContain('lower clientsPerRound to 7 or less, or set updateBound.rule to quantile or fixed');
  });

  it('keeps nothing (no check) for the other rules, with the bound off, and in secure jobs; robust strategies are held to the same cap', () => {
    const big = 2 ** 28;
    expect(keptUpdateProblems(cfg({ updateBound: { ...UPDATE_BOUND_DEFAULTS, rule: 'quantile' } }), big)).toEqual([]);
    expect(keptUpdateProblems(cfg({ updateBound: { ...UPDATE_BOUND_DEFAULTS, action: 'off' } }), big)).toEqual([]);
    expect(keptUpdateProblems(cfg({ secureAggregation: { enabled: true } as Cfg['secureAggregation'] }), big)).toEqual([]);
    const [p] = keptUpdateProblems(cfg({ strategy: { name: 'fedmedian' }, updateBound: { ...UPDATE_BOUND_DEFAULTS, rule: 'fixed' } }), big);
    expect(p).toContain('strategy fedmedian needs each update');
    expect(p).toContain('lower clientsPerRound to 1 or less, or use a strategy that works on the sum');
    expect(keptUpdateProblems(cfg({ clientsPerRound: 4 }), big, 4 * big * 4)).toEqual([]);
  });
});
