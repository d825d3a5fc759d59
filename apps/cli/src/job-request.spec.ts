import { CliError } from './errors';
import { jobRequest } from './job-request';

describe(jobRequest.name, () => {
  const file = (body: Record<string, unknown>) => () => body;

  it('builds a request from flags', () => {
    expect(jobRequest({ model: 'synthetic', params: 100, dataset: 'synth', rounds: 2, clientsPerRound: 3, minClients: 2, strategy: 'fedadam', plain: true, evaluate: false, roundDeadline: 30 })).toEqual({
      model: { builtin: 'synthetic', params: 100 },
      dataset: 'synth',
      rounds: 2,
      clientsPerRound: 3,
      minClients: 2,
      strategy: { name: 'fedadam' },
      secureAggregation: { enabled: false },
      evaluate: false,
      roundDeadlineSeconds: 30,
    });
  });

  it('flags win over the file, and merge into its nested objects', () => {
    const body = { model: { builtin: 'mnist-cnn' }, dataset: 'mnist', rounds: 10, strategy: { name: 'fedavg', serverLearningRate: 1 }, secureAggregation: { enabled: true, clip: 4 } };
    expect(jobRequest({ file: 'job.json', rounds: 3, strategy: 'fedprox', plain: true }, file(body))).toEqual({
      model: { builtin: 'mnist-cnn' },
      dataset: 'mnist',
      rounds: 3,
      strategy: { name: 'fedprox', serverLearningRate: 1 },
      secureAggregation: { enabled: false, clip: 4 },
    });
  });

  it('starts from a registry version', () => {
    expect(jobRequest({ fromVersion: 'v1', dataset: 'd' }).model).toEqual({ version: 'v1' });
  });

  it('refuses a request without model or dataset, or with two models', () => {
    expect(() => jobRequest({ dataset: 'd' })).toThrow('no model');
    expect(() => jobRequest({ model: 'mnist-cnn' })).toThrow('no dataset');
    expect(() => jobRequest({ model: 'mnist-cnn', fromVersion: 'v', dataset: 'd' })).toThrow(CliError);
  });

  it('takes the evaluation cadence and the centralized evaluation data', () => {
    expect(jobRequest({ model: 'niid-cnn', dataset: 'mnist', evaluateEvery: 5, evalData: 'mnist?tail=2000' })).toEqual({ model: { builtin: 'niid-cnn' }, dataset: 'mnist', evaluateEvery: 5, evalData: 'mnist?tail=2000' });
  });
});
