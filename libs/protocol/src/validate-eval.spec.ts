import { MAX_EVAL_METRICS, MAX_METRIC_NAME_LENGTH } from './limits';
import { validateEvaluateResult } from './validate';

describe('validateEvaluateResult', () => {
  const good = { taskId: 't', jobId: 'j', round: 2, attempt: 1, numExamples: 40, loss: 0.7, accuracy: 0.8 };
  const errors = (v: unknown) => {
    const r = validateEvaluateResult(v);
    return r.ok ? [] : r.errors;
  };

  it('accepts a result with and without extra metrics', () => {
    expect(validateEvaluateResult(good)).toEqual({ ok: true, value: good });
    const withMetrics = { ...good, metrics: { f1: 0.75, 'auc.macro': 0.9, top5_acc: 1 } };
    expect(validateEvaluateResult(withMetrics)).toEqual({ ok: true, value: withMetrics });
  });

  it('refuses NaN and infinite loss, accuracy and extra metrics, naming each', () => {
    expect(errors({ ...good, loss: NaN, accuracy: Infinity, metrics: { f1: NaN, auc: -Infinity, ok: 2 } })).toEqual([
      'loss must be a finite number',
      'accuracy must be a finite number',
      'metrics.f1 must be a finite number',
      'metrics.auc must be a finite number',
    ]);
    expect(errors({ ...good, metrics: { f1: '0.5' } })).toEqual(['metrics.f1 must be a finite number']);
  });

  it('refuses an oversized metrics map and bad or overlong names', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_EVAL_METRICS + 1 }, (_, i) => [`m${i}`, i]));
    expect(errors({ ...good, metrics: many })).toEqual([`metrics must have at most ${MAX_EVAL_METRICS} names (got ${MAX_EVAL_METRICS + 1})`]);
    const long = 'a'.repeat(MAX_METRIC_NAME_LENGTH + 1);
    expect(errors({ ...good, metrics: { [long]: 1 } })).toEqual([`metrics.${'a'.repeat(MAX_METRIC_NAME_LENGTH)} is not a metric name (1..${MAX_METRIC_NAME_LENGTH} letters, digits or _.:- starting with a letter)`]);
    expect(errors({ ...good, metrics: { ['a'.repeat(MAX_METRIC_NAME_LENGTH)]: 1 } })).toEqual([]);
    expect(errors({ ...good, metrics: JSON.parse('{"__proto__": 1}') })).toHaveLength(1);
    expect(errors({ ...good, metrics: [1, 2] })).toEqual(['metrics must be an object of named numbers']);
  });
});
