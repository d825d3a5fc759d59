import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateJobDto } from './dto/create-job.dto';
import { buildJobConfig, secureAggregationProblems } from './job-config';
import { SECURE_AGGREGATION_DEFAULTS } from './job-defaults';

const dto = (o: object) => plainToInstance(CreateJobDto, o);

describe('buildJobConfig', () => {
  it('fills every default', () => {
    const { config, problems } = buildJobConfig(dto({ model: { builtin: 'synthetic', params: 10 }, dataset: 'd' }));
    expect(problems).toEqual([]);
    expect(config).toEqual({
      name: 'd-synthetic',
      model: { builtin: 'synthetic', params: 10 },
      dataset: 'd',
      rounds: 5,
      clientsPerRound: 8,
      minClients: 2,
      overSelection: 0.3,
      roundDeadlineSeconds: 120,
      waitForClientsSeconds: 300,
      maxRoundRetries: 3,
      localEpochs: 1,
      batchSize: 32,
      learningRate: 0.01,
      momentum: 0,
      weightDecay: 0,
      seed: 42,
      strategy: { name: 'fedavg' },
      evaluate: true,
      evaluateEvery: 1,
      evalData: null,
      secureAggregation: { enabled: true, graph: 'auto', threatModel: 'active', expectedDropout: 0.1, corruption: 0.05, clip: 1, stageTimeoutSeconds: 30 },
      maxExamplesPerClient: 100_000,
      updateBound: { action: 'clip', rule: 'median', norm: 100, multiple: 1, targetQuantile: 0.5, learningRate: 0.2 },
    });
  });

  it('takes the bounded-influence options and refuses bad ones at job creation', () => {
    const ok = buildJobConfig(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', maxExamplesPerClient: 500, updateBound: { action: 'refuse', rule: 'quantile', norm: 2 } }));
    expect(ok.problems).toEqual([]);
    expect(ok.config).toMatchObject({ maxExamplesPerClient: 500, updateBound: { action: 'refuse', rule: 'quantile', norm: 2, multiple: 1, targetQuantile: 0.5, learningRate: 0.2 } });
    // Field ranges (the DTO): a non-finite or out-of-range value, an unknown action, a cap below 1.
    const errors = validateSync(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', maxExamplesPerClient: 0, updateBound: { action: 'shrink', norm: Infinity, targetQuantile: 2 } }));
    expect(errors.map((e) => e.property).sort()).toEqual(['maxExamplesPerClient', 'updateBound']);
    // Cross-field rules (buildJobConfig): the bound must be positive, γ strictly inside (0, 1), η and the multiple positive.
    const bad = buildJobConfig(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', updateBound: { norm: 0, multiple: -1, targetQuantile: 1, learningRate: 0 } }));
    expect(bad.problems).toEqual([
      'updateBound: norm must be a positive finite number (got 0)',
      'updateBound: multiple must be a positive finite number (got -1)',
      'updateBound: learningRate must be a positive finite number (got 0)',
      'updateBound: targetQuantile must be in (0, 1) (got 1)',
    ]);
  });

  it('takes the evaluation cadence and a centralized dataset, and refuses bad ones', () => {
    const { config, problems } = buildJobConfig(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', evaluateEvery: 3, evalData: 'fashion-mnist?split=test&limit=2000' }));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ evaluate: true, evaluateEvery: 3, evalData: 'fashion-mnist?split=test&limit=2000' });
    expect(validateSync(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', evaluateEvery: 0, evalData: '' })).map((e) => e.property).sort()).toEqual(['evalData', 'evaluateEvery']);
    expect(validateSync(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', evaluateEvery: 1.5 })).map((e) => e.property)).toEqual(['evaluateEvery']);
    expect(buildJobConfig(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', evalData: 'csv:/etc/passwd' })).problems).toEqual([expect.stringMatching(/^evalData: a path .* needs the coordinator's --eval-data-dir/)]);
  });

  it('takes the client optimiser settings (momentum, weight decay) and refuses them out of range', () => {
    const { config, problems } = buildJobConfig(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', momentum: 0.9, weightDecay: 1e-5 }));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ model: { builtin: 'niid-cnn' }, momentum: 0.9, weightDecay: 1e-5 });
    const errors = validateSync(dto({ model: { builtin: 'niid-cnn' }, dataset: 'd', momentum: 1, weightDecay: -1 }));
    expect(errors.map((e) => e.property).sort()).toEqual(['momentum', 'weightDecay']);
  });

  it('merges partial secure-aggregation settings over the defaults', () => {
    const { config } = buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', secureAggregation: { graph: 'complete', clip: 0.5 } }));
    expect(config.secureAggregation).toEqual({ ...SECURE_AGGREGATION_DEFAULTS, graph: 'complete', clip: 0.5 });
  });

  it('refuses secure aggregation with fewer than 3 clients per round, and allows it when secure aggregation is off', () => {
    expect(buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound: 2 })).problems).toEqual([
      expect.stringMatching(/^secure aggregation needs at least 3 clients per round \(clientsPerRound is 2\)/),
    ]);
    expect(buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound: 2, secureAggregation: { enabled: false } })).problems).toEqual([]);
  });

  it('refuses a strategy that needs individual updates together with secure aggregation', () => {
    const robust = { name: 'krum', needsIndividualUpdates: true };
    const sizes = { clientsPerRound: 10, minClients: 2, overSelection: 0 };
    expect(secureAggregationProblems(SECURE_AGGREGATION_DEFAULTS, sizes, robust)).toEqual([
      expect.stringMatching(/^strategy krum needs individual updates, which secure aggregation never reveals; .*norm bounding/),
    ]);
    expect(secureAggregationProblems({ ...SECURE_AGGREGATION_DEFAULTS, enabled: false }, sizes, robust)).toEqual([]);
  });

  it('refuses each robust strategy with secure aggregation (on by default), naming norm bounding', () => {
    for (const name of ['fedmedian', 'fedtrimmedavg', 'krum', 'bulyan'] as const) {
      const { problems } = buildJobConfig(dto({ model: { builtin: 'synthetic', params: 10 }, dataset: 'd', clientsPerRound: 10, minClients: 10, strategy: { name, f: name === 'krum' || name === 'bulyan' ? 1 : undefined } }));
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^strategy ${name} needs individual updates.*norm bounding.*secureAggregation.enabled to false`))]);
    }
  });

  it("checks a robust rule's precondition against minClients when the job is created", () => {
    const job = (minClients: number, strategy: object) =>
      buildJobConfig(dto({ model: { builtin: 'synthetic', params: 10 }, dataset: 'd', clientsPerRound: 12, minClients, strategy, secureAggregation: { enabled: false } })).problems;
    expect(job(6, { name: 'krum', f: 2 })).toEqual([expect.stringMatching(/^strategy krum needs n > 2f \+ 2 .*at least 7 updates per round; minClients is 6/)]);
    expect(job(7, { name: 'krum', f: 2 })).toEqual([]);
    expect(job(7, { name: 'krum', f: 2, m: 6 })).toEqual([expect.stringMatching(/at least 8 updates/)]);
    expect(job(10, { name: 'bulyan', f: 2 })).toEqual([expect.stringMatching(/^strategy bulyan needs n ≥ 4f \+ 3 \(f = 2\), i.e. at least 11/)]);
    expect(job(11, { name: 'bulyan', f: 2 })).toEqual([]);
    expect(job(7, { name: 'bulyan' })).toEqual([]); // default f = 1
    expect(job(1, { name: 'fedmedian' })).toEqual([]);
    expect(job(2, { name: 'fedtrimmedavg', beta: 0.5 })).toEqual([expect.stringMatching(/^strategy: beta must be a finite number in \[0, 0.5\)/)]);
  });

  it('refuses settings that would give (k, t) weaker than the edge clients accept, for any cohort size the job can run with', () => {
    const weak = buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound: 100, secureAggregation: { corruption: 0 } }));
    expect(weak.problems).toEqual([expect.stringMatching(/^secureAggregation: .*weaker than this client's policy.*edge clients refuse such rounds/)]);
    for (const clientsPerRound of [3, 10, 50, 100, 1000])
      for (const graph of ['auto', 'complete'])
        expect(buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound, secureAggregation: { graph } })).problems).toEqual([]);
  });

  it('defaults minClients to clientsPerRound when that is 1', () => {
    expect(buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound: 1 })).config.minClients).toBe(1);
  });

  it('lists every cross-field problem', () => {
    const { problems } = buildJobConfig(
      dto({ model: { builtin: 'mnist-cnn', params: 5, layers: {} }, dataset: 'd', clientsPerRound: 2, minClients: 3, strategy: { name: 'fedavg', momentum: 0.9 } }),
    );
    expect(problems).toEqual([
      'model must give exactly one of builtin, layers or version',
      'model.params applies only to the synthetic model',
      'minClients (3) must not exceed clientsPerRound (2)',
      expect.stringMatching(/^strategy: momentum does not apply to fedavg/),
    ]);
  });

  it('resolves privacy (trusted-server without secure aggregation, distributed-ddg with it) and refuses a δ too large for the population', () => {
    const base = { model: { builtin: 'mnist-mlp' }, dataset: 'mnist', rounds: 3, clientsPerRound: 3, minClients: 2, secureAggregation: { enabled: false } };
    const ok = buildJobConfig(dto({ ...base, privacy: { epsilon: 5, delta: 1e-4, clip: 1, samplingRate: 1 } }));
    expect(ok.problems).toEqual([]);
    expect(ok.config.privacy).toMatchObject({ mode: 'trusted-server', calibrated: true, epsilon: 5, delta: 1e-4, clip: 1, samplingRate: 1 });
    expect(buildJobConfig(dto({ ...base, privacy: { epsilon: 5, delta: 1e-4, clip: 1, samplingRate: 1 } }), { evalDataDir: null, enrolled: 5000 }).problems.join()).toMatch(/privacy.delta .* too large for a population of 5000/);
    expect(buildJobConfig(dto({ ...base, secureAggregation: undefined, privacy: { epsilon: 5, delta: 1e-4, clip: 1, samplingRate: 1 } })).config.privacy).toMatchObject({ mode: 'distributed-ddg' });
    expect(buildJobConfig(dto(base)).config.privacy).toBeUndefined();
  });

  it('requires params for synthetic', () => {
    expect(buildJobConfig(dto({ model: { builtin: 'synthetic' }, dataset: 'd' })).problems).toEqual(['model.params is required for the synthetic model']);
  });
});

describe(CreateJobDto.name, () => {
  it('reports every bad field, nested ones included', () => {
    const errors = validateSync(
      dto({ model: { builtin: 'resnet', params: 0 }, rounds: 0, overSelection: -1, learningRate: 0, strategy: { name: 'sgd' }, secureAggregation: { graph: 'star', clip: 0, expectedDropout: NaN } }),
      { whitelist: true, forbidNonWhitelisted: true },
    );
    const props = errors.map((e) => e.property).sort();
    expect(props).toEqual(['dataset', 'learningRate', 'model', 'overSelection', 'rounds', 'secureAggregation', 'strategy']);
    const secure = errors.find((e) => e.property === 'secureAggregation')!.children!.map((c) => c.property).sort();
    expect(secure).toEqual(['clip', 'expectedDropout', 'graph']);
  });
});
