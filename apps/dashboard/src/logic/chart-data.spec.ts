import { describe, expect, it } from 'vitest';
import type { JobView, RoundMetrics, RoundView } from '@fl/protocol';
import { completedRounds, finishTimes, metricSeries, scale, stragglerSeries } from './chart-data';

const metrics = (acc: number | null, evalAcc: number | null = null): RoundMetrics => ({ trainLoss: 1 - (acc ?? 0), trainAccuracy: acc, evalLoss: null, evalAccuracy: evalAcc, examples: 10 });
const r = (round: number, attempt: number, phase: RoundView['phase'], m: RoundMetrics | null, seconds: number | null = 2): RoundView =>
  ({ round, attempt, phase, metrics: m, seconds, members: [] }) as unknown as RoundView;

describe('metricSeries', () => {
  it('plots each completed round once (its done attempt) and leaves failed attempts and empty series out', () => {
    // Prepare
    const job = { rounds: [r(1, 1, 'failed', null, 5), r(1, 2, 'done', metrics(0.5)), r(2, 1, 'done', metrics(0.7, 0.65), 3), r(3, 1, 'training', null, null)] } as unknown as JobView;

    // Execute
    const s = metricSeries(job);

    // Assert
    expect(completedRounds(job).map((x) => `${x.round}.${x.attempt}`)).toEqual(['1.2', '2.1']);
    // Evaluation results are their own charts (evaluation-data), not mixed in here.
    expect(s.accuracy).toEqual([{ label: 'train accuracy', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }] }]);
    expect(s.loss.map((x) => x.label)).toEqual(['train loss']);
    expect(s.duration[0].points).toEqual([{ x: 1, y: 2 }, { x: 2, y: 3 }]);
  });
});

describe('finishTimes', () => {
  it('sorts the members\' update arrival times (plain upload or masked input) in seconds', () => {
    const round = {
      members: [
        { clientId: 'a', steps: [{ state: 'offered', at: 0 }, { state: 'masked-input', at: 3000 }] },
        { clientId: 'b', steps: [{ state: 'offered', at: 0 }, { state: 'uploaded', at: 1500 }] },
        { clientId: 'c', steps: [{ state: 'offered', at: 0 }, { state: 'dropped', at: 900, code: 'DISCONNECTED' }] },
      ],
    } as unknown as RoundView;
    expect(finishTimes(round).points).toEqual([{ x: 1, y: 1.5 }, { x: 2, y: 3 }]);
  });
});

describe('stragglerSeries', () => {
  const member = (id: string, ms: number | null) => ({ clientId: id, steps: [{ state: 'offered', at: 0 }, ms === null ? { state: 'dropped', at: 500, code: 'DISCONNECTED' } : { state: 'uploaded', at: ms }] });
  const attempt = (round: number, phase: string, times: Array<number | null>) => ({ round, attempt: 1, phase, members: times.map((t, i) => member(`c${i}`, t)) });

  it('gives the fastest, median and slowest finisher of each completed round', () => {
    const job = { rounds: [attempt(1, 'done', [3000, 1000, 2000, null]), attempt(2, 'done', [4000, 1000]), attempt(3, 'training', [500])] } as unknown as JobView;
    expect(stragglerSeries(job)).toEqual([
      { label: 'fastest', points: [{ x: 1, y: 1 }, { x: 2, y: 1 }] },
      { label: 'median', points: [{ x: 1, y: 2 }, { x: 2, y: 1 }] },
      { label: 'slowest', points: [{ x: 1, y: 3 }, { x: 2, y: 4 }] },
    ]);
  });

  it('is empty without member steps (older records)', () => {
    expect(stragglerSeries({ rounds: [{ round: 1, attempt: 1, phase: 'done' }] } as unknown as JobView)).toEqual([]);
  });
});

describe('scale', () => {
  const v = { width: 100, height: 60, pad: 10 };

  it('maps the range onto the viewport with y upwards and a zero baseline', () => {
    const s = scale([{ label: 'a', points: [{ x: 1, y: 1 }, { x: 3, y: 2 }] }], v);
    expect(s.dots[0]).toEqual([{ x: 10, y: 30 }, { x: 90, y: 10 }]);
    expect(s.paths[0]).toBe('M10 30 L90 10');
    expect([s.yMin, s.yMax]).toEqual([0, 2]);
  });

  it('widens a single point so it stays inside the chart, and survives no data', () => {
    const one = scale([{ label: 'a', points: [{ x: 2, y: 0 }] }], v);
    expect(one.dots[0]).toEqual([{ x: 50, y: 50 }]);
    expect(scale([], v).paths).toEqual([]);
  });
});
