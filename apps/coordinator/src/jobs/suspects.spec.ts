import { RoundPhase, type RoundView } from '@fl/protocol';
import { newRoundView } from '../rounds/round-view';
import { suspectsIn, suspicionOf } from './suspects';

const refused = (round: number, attempt: number, contributors: string[], code = 'SUM_OUT_OF_RANGE'): RoundView => ({
  ...newRoundView(round, attempt, 0),
  phase: RoundPhase.Failed,
  refusedSum: { code, contributors },
});
const done = (round: number, attempt: number, participants: string[]): RoundView => ({ ...newRoundView(round, attempt, 0), phase: RoundPhase.Done, participants });
const failedOther = (round: number, attempt: number, cohort: string[]): RoundView => ({ ...newRoundView(round, attempt, 0), phase: RoundPhase.Failed, cohort });

describe('suspects (from the job\'s stored attempts)', () => {
  it('no refused sum: nobody is suspected; other failures (timeouts, dropouts) suspect nobody', () => {
    const s = suspicionOf([failedOther(1, 1, ['a', 'b', 'c']), done(1, 2, ['a', 'b'])]);
    expect(s.groups).toEqual([]);
    expect([...s.cleared].sort()).toEqual(['a', 'b']);
    expect(suspectsIn([])).toEqual([]);
  });

  it('a refused sum makes every contributor a suspect of that attempt', () => {
    const s = suspicionOf([refused(1, 1, ['a', 'b', 'c', 'd'], 'WEIGHT_MISMATCH')]);
    expect(s.groups).toEqual([{ key: '1.1', round: 1, attempt: 1, code: 'WEIGHT_MISMATCH', blamed: 4, live: ['a', 'b', 'c', 'd'] }]);
    expect(suspectsIn([refused(1, 1, ['b', 'a'])])).toEqual([
      { clientId: 'a', round: 1, attempt: 1, code: 'SUM_OUT_OF_RANGE' },
      { clientId: 'b', round: 1, attempt: 1, code: 'SUM_OUT_OF_RANGE' },
    ]);
  });

  it('bisection: a later refusal takes its members out of the earlier group; a completed attempt clears', () => {
    const rounds = [refused(1, 1, ['a', 'b', 'c', 'd', 'e', 'f']), refused(1, 2, ['a', 'b', 'c']), done(1, 3, ['d', 'e', 'f'])];
    const s = suspicionOf(rounds);
    expect(s.groups).toEqual([{ key: '1.2', round: 1, attempt: 2, code: 'SUM_OUT_OF_RANGE', blamed: 3, live: ['a', 'b', 'c'] }]);
    expect([...s.cleared].sort()).toEqual(['d', 'e', 'f']);
    // Before the completed attempt, the first group was mostly explained by the second: live 3 of 6 blamed.
    expect(suspicionOf(rounds.slice(0, 2)).groups.map((g) => [g.key, g.live.length, g.blamed])).toEqual([
      ['1.1', 3, 6],
      ['1.2', 3, 3],
    ]);
  });

  it('the blame of a refused sum falls on its untested contributors, not on cleared ones', () => {
    const s = suspicionOf([done(1, 1, ['a', 'b', 'c']), refused(2, 1, ['a', 'b', 'c', 'x', 'y'])]);
    expect(s.groups).toEqual([{ key: '2.1', round: 2, attempt: 1, code: 'SUM_OUT_OF_RANGE', blamed: 2, live: ['x', 'y'] }]);
    expect([...s.cleared].sort()).toEqual(['a', 'b', 'c']);
  });

  it('a refused sum of cleared clients only suspects all of them again (one behaved once and cheated later)', () => {
    const s = suspicionOf([done(1, 1, ['a', 'b', 'c']), refused(2, 1, ['a', 'b', 'c'])]);
    expect(s.groups.map((g) => g.live)).toEqual([['a', 'b', 'c']]);
    expect(s.cleared.size).toBe(0);
  });

  it('older records without refusedSum read as before', () => {
    const old = { ...newRoundView(1, 1, 0), phase: RoundPhase.Failed } as RoundView;
    delete (old as Partial<RoundView>).refusedSum;
    expect(suspicionOf([old]).groups).toEqual([]);
  });
});
