import { describe, expect, it } from 'vitest';
import type { JobView, RoundView } from '@fl/protocol';
import { contributions } from './contributions';

const round = (phase: RoundView['phase'], participants: string[], failures: Array<[string, string]>) =>
  ({ phase, participants, failures: failures.map(([clientId, code]) => ({ clientId, code, reason: '' })) }) as unknown as RoundView;

describe('contributions', () => {
  it('counts completed rounds a client is in and the failures against it, by code', () => {
    const jobs = [
      { rounds: [round('failed', ['a'], [['b', 'DEADLINE_PASSED']]), round('done', ['a', 'b'], [])] },
      { rounds: [round('done', ['a'], [['b', 'NON_FINITE'], ['b', 'DEADLINE_PASSED'], ['c', 'DECLINED']])] },
    ] as unknown as JobView[];
    const c = contributions(jobs);
    expect(c.get('a')).toEqual({ rounds: 2, failures: 0, codes: [] });
    expect(c.get('b')).toEqual({ rounds: 1, failures: 3, codes: ['DEADLINE_PASSED', 'NON_FINITE'] });
    expect(c.get('c')).toEqual({ rounds: 0, failures: 1, codes: ['DECLINED'] });
  });
});
