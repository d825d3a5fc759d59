import type { JobEvaluations } from '@fl/protocol';
import { describeEvaluations } from './jobs';

describe('describeEvaluations', () => {
  it('prints one line per evaluated round, a failed centralized evaluation with its reason', () => {
    const e: JobEvaluations = {
      jobId: 'j1',
      evaluateEvery: 2,
      evalData: 'mnist?tail=500',
      rounds: [
        { round: 2, modelVersionId: 'v2', createdAt: '2026-01-01T00:00:00.000Z', federated: { clients: 2, numExamples: 40, loss: 0.825, accuracy: 0.625, metrics: {} }, clients: [], centralized: { status: 'done', dataset: 'mnist?tail=500', numExamples: 500, loss: 2.3, accuracy: 0.112, seconds: 1, evaluatedAt: '2026-01-01T00:00:01.000Z' } },
        { round: 3, modelVersionId: 'v3', createdAt: '2026-01-01T00:00:02.000Z', federated: null, clients: [], centralized: { status: 'failed', dataset: 'mnist?tail=500', error: 'boom', evaluatedAt: '2026-01-01T00:00:03.000Z' } },
      ],
    };
    const out = describeEvaluations(e).split('\n');
    expect(out[0]).toBe('job j1: evaluated every 2 round(s) and after the last; centralized on mnist?tail=500');
    expect(out[2]).toMatch(/^ROUND\s+CLIENTS\s+FED LOSS\s+FED ACCURACY\s+CENTRAL LOSS\s+CENTRAL ACCURACY$/);
    expect(out[3]).toMatch(/^2\s+0\s+0\.8250\s+0\.6250\s+2\.3000\s+0\.1120$/);
    expect(out[4]).toMatch(/^3\s+0\s+.*failed: boom$/);
    expect(describeEvaluations({ ...e, evalData: null, rounds: [] })).toBe('job j1: evaluated every 2 round(s) and after the last\nno evaluated round yet');
  });
});
