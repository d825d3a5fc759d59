import type { JobView, RoundView } from '@fl/protocol';
import { RoundPrinter, formatRoundLine, roundLine } from './round-printer';

const round = (over: Partial<RoundView>): RoundView => ({
  round: 1,
  attempt: 1,
  phase: 'done',
  cohort: ['a', 'b', 'c'],
  participants: ['a', 'b'],
  failures: [],
  metrics: { trainLoss: 0.5, trainAccuracy: 0.8, evalLoss: null, evalAccuracy: null, examples: 300 },
  startedAt: '',
  endedAt: '',
  seconds: 2.25,
  failureReason: null,
  phaseDeadline: null,
  secureAggregation: null,
  phaseSeconds: {},
  ...over,
});

const job = (rounds: RoundView[]) => ({ config: { rounds: 5 }, rounds }) as unknown as JobView;

describe(RoundPrinter.name, () => {
  it('prints each finished round attempt once, in text', () => {
    const out: string[] = [];
    const p = new RoundPrinter(false, (l) => out.push(l));
    p.update(job([round({}), round({ round: 2, phase: 'training', metrics: null, seconds: null })]));
    p.update(job([round({}), round({ round: 2, seconds: 1 })]));
    expect(out).toEqual([
      'round  1/5  participants 2/3  loss 0.5000  accuracy 0.8000 (train)  2.3 s',
      'round  2/5  participants 2/3  loss 0.5000  accuracy 0.8000 (train)  1.0 s',
    ]);
  });

  it('prefers federated evaluation metrics and reports failed attempts', () => {
    const evalRound = round({ metrics: { trainLoss: 0.5, trainAccuracy: 0.8, evalLoss: 0.4, evalAccuracy: 0.9, examples: 300 } });
    expect(roundLine(evalRound)).toMatchObject({ loss: 0.4, accuracy: 0.9, metricsFrom: 'eval' });
    const failed = roundLine(round({ phase: 'failed', attempt: 2, failureReason: 'too few updates' }));
    expect(formatRoundLine(failed, 5)).toBe('round  1/5 (attempt 2)  FAILED: too few updates');
  });

  it('writes JSON lines with --json', () => {
    const out: string[] = [];
    new RoundPrinter(true, (l) => out.push(l)).update(job([round({})]));
    expect(JSON.parse(out[0])).toMatchObject({ event: 'round', round: 1, participants: 2, cohort: 3, loss: 0.5, accuracy: 0.8, seconds: 2.25 });
  });
});
