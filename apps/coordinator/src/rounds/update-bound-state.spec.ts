import { RoundPhase, type RoundView, type UpdateBoundConfig } from '@fl/protocol';
import { UPDATE_BOUND_DEFAULTS } from '../jobs/job-defaults';
import { claimCap } from './claim-cap';
import { newRoundView } from './round-view';
import { currentUpdateBound } from './update-bound-state';

const view = (phase: RoundPhase, rule: UpdateBoundConfig['rule'], nextBound: number | null): RoundView => ({
  ...newRoundView(1, 1, 0),
  phase,
  updateBound: { action: 'clip', rule, bound: 1, measured: 3, clipped: 0, refused: 0, maxNorm: 1, medianNorm: 1, nextBound },
});

describe('currentUpdateBound', () => {
  const quantile = { updateBound: { ...UPDATE_BOUND_DEFAULTS, rule: 'quantile' as const, norm: 7 } };

  it('quantile: starts from the configured norm, then follows the last completed round (a restart continues from the stored bound)', () => {
    expect(currentUpdateBound(quantile, [])).toBe(7);
    expect(currentUpdateBound(quantile, [view(RoundPhase.Done, 'quantile', 2), view(RoundPhase.Failed, 'quantile', 50)])).toBe(2); // a failed attempt never moves it
    expect(currentUpdateBound(quantile, [view(RoundPhase.Done, 'quantile', 2), view(RoundPhase.Done, 'quantile', 3)])).toBe(3);
    expect(currentUpdateBound(quantile, [view(RoundPhase.Done, 'median', 2)])).toBe(7); // another rule's bound is not taken
    expect(currentUpdateBound(quantile, [{ ...newRoundView(1, 1, 0), phase: RoundPhase.Done }])).toBe(7); // secure rounds record none
  });

  it('fixed is fixed, median carries nothing over (each round takes its own median); jobs created before the option use the default', () => {
    expect(currentUpdateBound({ updateBound: { ...UPDATE_BOUND_DEFAULTS, rule: 'fixed', norm: 5 } }, [view(RoundPhase.Done, 'fixed', 9)])).toBe(5);
    expect(currentUpdateBound({ updateBound: { ...UPDATE_BOUND_DEFAULTS, rule: 'median', norm: 5 } }, [view(RoundPhase.Done, 'median', 9)])).toBe(5);
    expect(currentUpdateBound({}, [])).toBe(UPDATE_BOUND_DEFAULTS.norm);
  });
});

describe('claimCap', () => {
  const cohort = (n: number) => ({ numExamplesOf: () => n });
  it('is the smaller of the registered count and the job cap; the job cap alone without a registered count', () => {
    expect(claimCap({ maxExamplesPerClient: 50 }, cohort(10), 'a')).toBe(10);
    expect(claimCap({ maxExamplesPerClient: 50 }, cohort(100_000), 'a')).toBe(50);
    expect(claimCap({ maxExamplesPerClient: 50 }, cohort(0), 'a')).toBe(50);
    expect(claimCap({}, cohort(1e9), 'a')).toBe(100_000);
  });
});
