import { FederatedEvaluationTally } from './federated-evaluation';

describe('FederatedEvaluationTally', () => {
  it('keeps every client row and weights the means by examples, extra metrics over their reporters', () => {
    const t = new FederatedEvaluationTally();
    t.add('a', { numExamples: 1, loss: 2, accuracy: 0.2, metrics: { f1: 0.1 } });
    t.add('b', { numExamples: 3, loss: 1, accuracy: 0.6 });
    t.add('c', { numExamples: 4, loss: 0.5, accuracy: 0.9, metrics: { f1: 0.6, auc: 0.8 } });
    expect(t.clients()).toEqual([
      { clientId: 'a', numExamples: 1, loss: 2, accuracy: 0.2, metrics: { f1: 0.1 } },
      { clientId: 'b', numExamples: 3, loss: 1, accuracy: 0.6, metrics: {} },
      { clientId: 'c', numExamples: 4, loss: 0.5, accuracy: 0.9, metrics: { f1: 0.6, auc: 0.8 } },
    ]);
    const s = t.summary()!;
    expect(s).toMatchObject({ clients: 3, numExamples: 8 });
    expect(s.loss).toBeCloseTo((2 + 3 + 2) / 8, 12);
    expect(s.accuracy).toBeCloseTo((0.2 + 1.8 + 3.6) / 8, 12);
    expect(Object.keys(s.metrics)).toEqual(['auc', 'f1']);
    expect(s.metrics.f1).toBeCloseTo((0.1 + 2.4) / 5, 12);
    expect(s.metrics.auc).toBeCloseTo(0.8, 12);
  });

  it('has no summary without results', () => {
    expect(new FederatedEvaluationTally().summary()).toBeNull();
  });
});
