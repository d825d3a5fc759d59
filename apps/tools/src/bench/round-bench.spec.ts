import type { JobView, RoundView } from '@fl/protocol';
import { measuredSeconds } from './round-bench';

const r = (round: number, attempt: number, phase: RoundView['phase'], seconds: number | null) => ({ round, attempt, phase, seconds }) as RoundView;

describe(measuredSeconds.name, () => {
  it('skips the warm-up round and failed attempts, keeping the last done attempt of each round', () => {
    const job = { rounds: [r(1, 1, 'done', 9), r(2, 1, 'failed', 5), r(2, 2, 'done', 1.5), r(3, 1, 'done', 2)] } as JobView;
    expect(measuredSeconds(job)).toEqual([1.5, 2]);
  });
});
