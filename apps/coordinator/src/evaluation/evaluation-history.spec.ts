import { RoundPhase, type JobConfig, type JobView } from '@fl/protocol';
import type { ModelVersionRecord } from '../persistence/model-versions.repository';
import { newRoundView } from '../rounds/round-view';
import { jobEvaluations, withEvaluations } from './evaluation-history';

const v = (round: number, over: Partial<ModelVersionRecord> = {}): ModelVersionRecord => ({
  id: `v${round}`, hash: 'h', jobId: 'j', round, parentId: null, participants: [], metrics: null, secureAggregation: false, privacy: null, createdAt: new Date(round * 1000), name: null, ...over,
});
const fed = { summary: { clients: 1, numExamples: 5, loss: 1, accuracy: 0.5, metrics: {} }, clients: [{ clientId: 'c', numExamples: 5, loss: 1, accuracy: 0.5, metrics: {} }] };
const central = { status: 'done' as const, dataset: 'mnist?tail=5', numExamples: 5, loss: 2, accuracy: 0.4, seconds: 0.1, evaluatedAt: new Date(0).toISOString() };

describe('evaluation history', () => {
  const versions = [v(3, { federatedEval: fed }), v(0), v(1), v(2, { federatedEval: fed, centralizedEval: central })];

  it('lists the evaluated rounds oldest first, with per-client rows', () => {
    const h = jobEvaluations('j', { evaluateEvery: 2, evalData: 'mnist?tail=5' } as JobConfig, versions);
    expect(h).toMatchObject({ jobId: 'j', evaluateEvery: 2, evalData: 'mnist?tail=5' });
    expect(h.rounds.map((r) => [r.round, r.modelVersionId, r.federated?.accuracy ?? null, r.clients.length, r.centralized?.status ?? null])).toEqual([
      [2, 'v2', 0.5, 1, 'done'],
      [3, 'v3', 0.5, 1, null],
    ]);
    expect(jobEvaluations('j', {} as JobConfig, []).evaluateEvery).toBe(1);
  });

  it('shows each completed round its version\'s evaluation, failed attempts untouched, the view unchanged', () => {
    const failed = { ...newRoundView(2, 1, 0), phase: RoundPhase.Failed };
    const done = { ...newRoundView(2, 2, 0), phase: RoundPhase.Done };
    const view = { rounds: [{ ...newRoundView(1, 1, 0), phase: RoundPhase.Done }, failed, done] } as JobView;
    const out = withEvaluations(view, versions);
    expect(out.rounds.map((r) => r.evaluation ?? null)).toEqual([null, null, { federated: fed.summary, centralized: central }]);
    expect(view.rounds[2].evaluation).toBeUndefined();
  });
});
