import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateJobDto } from './dto/create-job.dto';
import { buildJobConfig } from './job-config';

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
      seed: 42,
      strategy: { name: 'fedavg' },
      evaluate: true,
    });
  });

  it('defaults minClients to clientsPerRound when that is 1', () => {
    expect(buildJobConfig(dto({ model: { builtin: 'mnist-mlp' }, dataset: 'd', clientsPerRound: 1 })).config.minClients).toBe(1);
  });

  it('lists every cross-field problem', () => {
    const { problems } = buildJobConfig(
      dto({ model: { builtin: 'mnist-cnn', params: 5, layers: {} }, dataset: 'd', clientsPerRound: 2, minClients: 3, strategy: { name: 'fedavg', momentum: 0.9 } }),
    );
    expect(problems).toEqual([
      'model must give exactly one of builtin or layers',
      'model.params applies only to the synthetic model',
      'minClients (3) must not exceed clientsPerRound (2)',
      expect.stringMatching(/^strategy: momentum does not apply to fedavg/),
    ]);
  });

  it('requires params for synthetic', () => {
    expect(buildJobConfig(dto({ model: { builtin: 'synthetic' }, dataset: 'd' })).problems).toEqual(['model.params is required for the synthetic model']);
  });
});

describe(CreateJobDto.name, () => {
  it('reports every bad field, nested ones included', () => {
    const errors = validateSync(dto({ model: { builtin: 'resnet', params: 0 }, rounds: 0, overSelection: -1, learningRate: 0, strategy: { name: 'sgd' } }), { whitelist: true, forbidNonWhitelisted: true });
    const props = errors.map((e) => e.property).sort();
    expect(props).toEqual(['dataset', 'learningRate', 'model', 'overSelection', 'rounds', 'strategy']);
  });
});
