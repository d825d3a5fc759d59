import { STRATEGIES, type StrategyConfig } from '@fl/protocol';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { FedAdagrad } from './fed-adagrad';
import { FedAdam } from './fed-adam';
import { FedAvg } from './fed-avg';
import { FedAvgM } from './fed-avgm';
import { FedProx } from './fed-prox';
import { FedYogi } from './fed-yogi';
import { FedMedian } from './fed-median';
import { FedTrimmedAvg } from './fed-trimmed-avg';
import { Krum } from './krum';
import { Bulyan } from './bulyan';
import { createStrategy, resolveStrategyConfig, validateStrategyConfig } from './strategy.factory';

describe(createStrategy.name, () => {
  it('builds every protocol strategy with its name; only the robust rules need individual updates', () => {
    const classes = {
      fedavg: FedAvg,
      fedprox: FedProx,
      fedavgm: FedAvgM,
      fedadam: FedAdam,
      fedyogi: FedYogi,
      fedadagrad: FedAdagrad,
      fedmedian: FedMedian,
      fedtrimmedavg: FedTrimmedAvg,
      krum: Krum,
      bulyan: Bulyan,
    };
    const robust = ['fedmedian', 'fedtrimmedavg', 'krum', 'bulyan'];
    for (const name of STRATEGIES) {
      const s = createStrategy({ name });
      expect(s).toBeInstanceOf(classes[name]);
      expect(s.name).toBe(name);
      expect(s.needsIndividualUpdates).toBe(robust.includes(name));
    }
  });

  it('robust options: defaults, pass-through and refusals', () => {
    expect(resolveStrategyConfig({ name: 'fedtrimmedavg' })).toEqual({ name: 'fedtrimmedavg', beta: 0.2 });
    expect(resolveStrategyConfig({ name: 'krum', m: 3 })).toEqual({ name: 'krum', f: 1, m: 3 });
    expect(resolveStrategyConfig({ name: 'bulyan', f: 2 })).toEqual({ name: 'bulyan', f: 2 });
    expect((createStrategy({ name: 'krum', f: 2, m: 3 }) as Krum).options).toEqual({ f: 2, m: 3 });
    expect(validateStrategyConfig({ name: 'fedtrimmedavg', beta: 0.5 })).toEqual([expect.stringMatching(/beta must be a finite number in \[0, 0.5\)/)]);
    expect(validateStrategyConfig({ name: 'krum', f: 1.5 })).toEqual([expect.stringMatching(/f must be an integer/)]);
    expect(validateStrategyConfig({ name: 'fedmedian', beta: 0.1 })).toEqual([expect.stringMatching(/beta does not apply to fedmedian/)]);
    expect(validateStrategyConfig({ name: 'bulyan', m: 2 })).toEqual([expect.stringMatching(/m does not apply to bulyan/)]);
  });

  it('passes options through and fills the rest from defaults', () => {
    const s = createStrategy({ name: 'fedadam', tau: 0.01 }) as FedAdam;
    expect(s.options).toEqual({ serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 0.01 });
    expect(createStrategy({ name: 'fedprox', proximalMu: 0.5 }).clientHyper()).toEqual({ proximalMu: 0.5 });
    expect(resolveStrategyConfig({ name: 'fedavgm', momentum: 0.5 })).toEqual({ name: 'fedavgm', serverLearningRate: 0.1, momentum: 0.5 });
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown name', { name: 'geomedian' }, /name must be one of/],
    ['β1 = 1', { name: 'fedadam', beta1: 1 }, /beta1 must be a finite number in \[0, 1\)/],
    ['negative β2', { name: 'fedyogi', beta2: -0.1 }, /beta2/],
    ['τ = 0', { name: 'fedadagrad', tau: 0 }, /tau must be a finite number in \(0, ∞\)/],
    ['η = 0', { name: 'fedadam', serverLearningRate: 0 }, /serverLearningRate/],
    ['a NaN η', { name: 'fedavgm', serverLearningRate: NaN }, /serverLearningRate/],
    ['momentum 1', { name: 'fedavgm', momentum: 1 }, /momentum/],
    ['negative μ', { name: 'fedprox', proximalMu: -1 }, /proximalMu/],
    ['a string option', { name: 'fedadam', tau: '0.1' }, /tau/],
    ['an option that does not apply', { name: 'fedavg', momentum: 0.9 }, /momentum does not apply to fedavg/],
    ['β2 for FedAdagrad', { name: 'fedadagrad', beta2: 0.99 }, /beta2 does not apply to fedadagrad/],
    ['an unknown option', { name: 'fedadam', lr: 0.1 }, /lr is not a strategy option/],
  ])('refuses %s', (_, config, message) => {
    expect(() => createStrategy(config as StrategyConfig)).toThrow(InvalidArgumentError);
    expect(() => createStrategy(config as StrategyConfig)).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(validateStrategyConfig({ name: 'fedadam', beta1: 2, beta2: 2, tau: -1, serverLearningRate: 0 })).toHaveLength(4);
    expect(validateStrategyConfig(null)).toHaveLength(1);
    expect(validateStrategyConfig({ name: 'fedadam', tau: undefined })).toEqual([]);
  });
});
