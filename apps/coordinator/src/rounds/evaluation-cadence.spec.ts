import { centralizedEvaluationDue, federatedEvaluationDue, isEvaluationRound } from './evaluation-cadence';

const rounds = (n: number, f: (r: number) => boolean) => Array.from({ length: n }, (_, i) => i + 1).filter(f);

describe('evaluation cadence', () => {
  it('evaluates every k-th round and always the last', () => {
    expect(rounds(3, (r) => isEvaluationRound({ rounds: 3, evaluateEvery: 2 }, r))).toEqual([2, 3]);
    expect(rounds(10, (r) => isEvaluationRound({ rounds: 10, evaluateEvery: 3 }, r))).toEqual([3, 6, 9, 10]);
    expect(rounds(4, (r) => isEvaluationRound({ rounds: 4, evaluateEvery: 2 }, r))).toEqual([2, 4]);
    expect(rounds(3, (r) => isEvaluationRound({ rounds: 3, evaluateEvery: 100 }, r))).toEqual([3]);
  });

  it('evaluates every round for jobs created before the cadence existed', () => {
    expect(rounds(4, (r) => isEvaluationRound({ rounds: 4 }, r))).toEqual([1, 2, 3, 4]);
  });

  it('keeps evaluate: false meaning no federated evaluation; centralized needs evalData', () => {
    expect(rounds(4, (r) => federatedEvaluationDue({ rounds: 4, evaluateEvery: 2, evaluate: false }, r))).toEqual([]);
    expect(rounds(4, (r) => federatedEvaluationDue({ rounds: 4, evaluateEvery: 2, evaluate: true }, r))).toEqual([2, 4]);
    expect(rounds(4, (r) => centralizedEvaluationDue({ rounds: 4, evaluateEvery: 2, evalData: null }, r))).toEqual([]);
    expect(rounds(4, (r) => centralizedEvaluationDue({ rounds: 4, evaluateEvery: 2 }, r))).toEqual([]);
    expect(rounds(4, (r) => centralizedEvaluationDue({ rounds: 4, evaluateEvery: 2, evalData: 'mnist?tail=100' }, r))).toEqual([2, 4]);
  });
});
