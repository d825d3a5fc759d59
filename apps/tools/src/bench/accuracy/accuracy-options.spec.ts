import { parseAccuracyOptions, QUICK_TRAIN_EXAMPLES } from './accuracy-options';
import { accuracyJob, partyDataSpec } from './niid-job';

describe(parseAccuracyOptions.name, () => {
  it('defaults to the NIID-Bench Fashion-MNIST setting, secure', () => {
    expect(parseAccuracyOptions({})).toEqual({
      clients: 10,
      rounds: 50,
      partition: 'dir:0.5',
      secure: true,
      strategy: 'fedavg',
      mu: 0,
      seed: 1,
      localEpochs: 10,
      batchSize: 64,
      learningRate: 0.01,
      momentum: 0.9,
      weightDecay: 1e-5,
      trainExamples: null,
      quick: false,
    });
  });

  it('--quick: 3 IID parties, 2 rounds of 1 epoch on fewer images; flags still win', () => {
    expect(parseAccuracyOptions({ quick: true })).toMatchObject({ clients: 3, rounds: 2, localEpochs: 1, partition: 'iid', trainExamples: QUICK_TRAIN_EXAMPLES });
    expect(parseAccuracyOptions({ quick: true, partition: 'labels:2', rounds: '3' })).toMatchObject({ partition: 'labels:2', rounds: 3 });
  });

  it('takes --plain, --strategy fedprox with a default or given μ, and canonicalises the partition', () => {
    expect(parseAccuracyOptions({ plain: true, strategy: 'fedprox', partition: 'quantity:1e-1' })).toMatchObject({ secure: false, strategy: 'fedprox', mu: 0.01, partition: 'quantity:0.1' });
    expect(parseAccuracyOptions({ strategy: 'fedprox', mu: '0.1' }).mu).toBe(0.1);
  });

  it.each([
    [{ partition: 'dir:0' }, /--partition: .*is not a partition/],
    [{ strategy: 'fedadam' }, /--strategy must be one of fedavg, fedprox/],
    [{ mu: '0.1' }, /--mu applies to --strategy fedprox only/],
    [{ strategy: 'fedprox', mu: '-1' }, /--mu must be a number/],
    [{ secure: true, plain: true }, /not both/],
    [{ clients: '2' }, /needs at least 3 clients/],
    [{ rounds: '0' }, /--rounds must be an integer/],
    [{ examples: '5' }, /--examples must be an integer in \[100, 60000\]/],
  ])('refuses %j with a USAGE error', (values, message) => {
    expect(() => parseAccuracyOptions(values)).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(message) }));
  });
});

describe(accuracyJob.name, () => {
  it('puts every party in every round with the NIID-Bench optimiser, secure unless --plain', () => {
    const o = parseAccuracyOptions({ strategy: 'fedprox', rounds: '5' });
    expect(accuracyJob(o)).toMatchObject({
      model: { builtin: 'niid-cnn' },
      dataset: 'fashion-mnist',
      rounds: 5,
      clientsPerRound: 10,
      minClients: 10,
      overSelection: 0,
      localEpochs: 10,
      batchSize: 64,
      learningRate: 0.01,
      momentum: 0.9,
      weightDecay: 1e-5,
      strategy: { name: 'fedprox', proximalMu: 0.01 },
      evaluate: false,
    });
    expect(accuracyJob(o).secureAggregation).toBeUndefined();
    expect(accuracyJob(parseAccuracyOptions({ plain: true })).secureAggregation).toEqual({ enabled: false });
  });

  it('gives party j its slice of the partition document, after the limit', () => {
    expect(partyDataSpec(parseAccuracyOptions({ quick: true }), '/tmp/a b/partition.json', 2)).toBe(`fashion-mnist?limit=${QUICK_TRAIN_EXAMPLES}&partition=%2Ftmp%2Fa%20b%2Fpartition.json&party=2`);
    expect(partyDataSpec(parseAccuracyOptions({}), '/p.json', 0)).toBe('fashion-mnist?partition=%2Fp.json&party=0');
  });
});
