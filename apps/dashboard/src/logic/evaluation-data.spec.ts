import { describe, expect, it } from 'vitest';
import type { ClientEvaluation, JobEvaluations, RoundEvaluation } from '@fl/protocol';
import { centralizedFailures, clientRows, evaluationSeries, roundsWithClients, versionEvaluation } from './evaluation-data';

const client = (clientId: string, accuracy: number): ClientEvaluation => ({ clientId, numExamples: 10, loss: 1 - accuracy, accuracy, metrics: {} });
const fed = (accuracy: number) => ({ clients: 2, numExamples: 20, loss: 1 - accuracy, accuracy, metrics: {} });
const done = (accuracy: number) => ({ status: 'done' as const, dataset: 'mnist?tail=100', numExamples: 100, loss: 2 - accuracy, accuracy, seconds: 0.1, evaluatedAt: '2026-01-01T00:00:00Z' });
const round = (n: number, over: Partial<RoundEvaluation>): RoundEvaluation => ({ round: n, modelVersionId: `v${n}`, createdAt: '2026-01-01T00:00:00Z', federated: null, clients: [], centralized: null, ...over });
const history = (rounds: RoundEvaluation[]): JobEvaluations => ({ jobId: 'j1', evaluateEvery: 1, evalData: 'mnist?tail=100', rounds });

describe('evaluationSeries', () => {
  it('plots federated and centralized results as separate series, skipping failed and pending centralized runs', () => {
    const ev = history([
      round(2, { federated: fed(0.6), centralized: done(0.55) }),
      round(1, { federated: fed(0.4), centralized: { status: 'failed', dataset: 'x', error: 'no such dataset', evaluatedAt: '2026-01-01T00:00:00Z' } }),
      round(3, { federated: fed(0.7) }),
    ]);
    const s = evaluationSeries(ev);
    expect(s.accuracy).toEqual([
      { label: 'federated accuracy', points: [{ x: 1, y: 0.4 }, { x: 2, y: 0.6 }, { x: 3, y: 0.7 }] },
      { label: 'centralized accuracy', points: [{ x: 2, y: 0.55 }] },
    ]);
    expect(s.loss.map((x) => [x.label, x.points.length])).toEqual([
      ['federated loss', 3],
      ['centralized loss', 1],
    ]);
    expect(centralizedFailures(ev)).toEqual([{ round: 1, error: 'no such dataset' }]);
  });

  it('leaves a kind of evaluation out when the job has none of it', () => {
    const s = evaluationSeries(history([round(1, { centralized: done(0.5) })]));
    expect(s.accuracy.map((x) => x.label)).toEqual(['centralized accuracy']);
    expect(evaluationSeries(history([])).accuracy).toEqual([]);
  });
});

describe('clientRows', () => {
  it('lists one round\'s clients least accurate first, with their names', () => {
    const ev = history([round(1, { federated: fed(0.5), clients: [client('aaaaaaaaaa', 0.9), client('bbbbbbbbbb', 0.3)] }), round(2, { centralized: done(0.5) })]);
    expect(roundsWithClients(ev)).toEqual([1]);
    const rows = clientRows(ev, 1, new Map([['aaaaaaaaaa', 'alice']]));
    expect(rows.map((r) => [r.name, r.accuracy])).toEqual([
      ['bbbbbbbb', 0.3],
      ['alice', 0.9],
    ]);
    expect(clientRows(ev, 2, new Map())).toEqual([]);
  });
});

describe('versionEvaluation', () => {
  it('reads a version\'s federated and centralized results, a failure with its reason, and nothing without them', () => {
    expect(versionEvaluation({ federatedEval: fed(0.75), centralizedEval: done(0.5) })).toEqual({
      federated: 'federated: acc 0.7500, loss 0.2500 (2 clients, 20 examples)',
      centralized: 'centralized: acc 0.5000, loss 1.5000 (100 examples)',
    });
    expect(versionEvaluation({ federatedEval: null, centralizedEval: { status: 'failed', dataset: 'x', error: 'serving is off', evaluatedAt: '' } })).toEqual({ federated: '', centralized: 'centralized failed: serving is off' });
    expect(versionEvaluation({ federatedEval: null, centralizedEval: null })).toEqual({ federated: '', centralized: '' });
  });
});
