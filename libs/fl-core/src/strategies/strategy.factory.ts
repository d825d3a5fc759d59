/**
 * @module strategies/strategy.factory
 * Builds a `Strategy` from the job's `StrategyConfig`, validating it first:
 * the name must be known, every numeric option in range, and an option that
 * does not apply to the chosen strategy is refused rather than ignored.
 * Missing options take the defaults documented in each strategy's module.
 */
import { STRATEGIES, type StrategyConfig, type StrategyName } from '@fl/protocol';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { FedAdagrad, FED_ADAGRAD_DEFAULTS } from './fed-adagrad';
import { FedAdam, FED_ADAM_DEFAULTS } from './fed-adam';
import { FedAvg } from './fed-avg';
import { FedAvgM, FED_AVGM_DEFAULTS } from './fed-avgm';
import { FedProx, FED_PROX_DEFAULTS } from './fed-prox';
import { FedYogi, FED_YOGI_DEFAULTS } from './fed-yogi';
import { FedMedian } from './fed-median';
import { FedTrimmedAvg, FED_TRIMMED_AVG_DEFAULTS } from './fed-trimmed-avg';
import { Krum, KRUM_DEFAULTS } from './krum';
import { Bulyan, BULYAN_DEFAULTS } from './bulyan';
import type { Strategy } from './strategy';
import { OPTION_RANGES, optionProblem, type StrategyOption } from './option-ranges';

type Option = StrategyOption;

/** Default option values per strategy; the keys are the options that apply. */
export const STRATEGY_DEFAULTS: { readonly [K in StrategyName]: Readonly<Partial<Record<Option, number>>> } = {
  fedavg: {},
  fedprox: FED_PROX_DEFAULTS,
  fedavgm: FED_AVGM_DEFAULTS,
  fedadam: FED_ADAM_DEFAULTS,
  fedyogi: FED_YOGI_DEFAULTS,
  fedadagrad: FED_ADAGRAD_DEFAULTS,
  fedmedian: {},
  fedtrimmedavg: FED_TRIMMED_AVG_DEFAULTS,
  krum: KRUM_DEFAULTS,
  bulyan: BULYAN_DEFAULTS,
};

/** Every problem with `config` (empty when valid). */
export function validateStrategyConfig(config: unknown): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return ['strategy config must be an object { name, ... }'];
  const o = config as Record<string, unknown>;
  if (typeof o.name !== 'string' || !(STRATEGIES as readonly string[]).includes(o.name))
    return [`name must be one of ${STRATEGIES.join(', ')} (got ${JSON.stringify(o.name)})`];
  const name = o.name as StrategyName;
  const applicable = Object.keys(STRATEGY_DEFAULTS[name]);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (key === 'name' || value === undefined) continue;
    if (!(key in OPTION_RANGES)) {
      problems.push(`${key} is not a strategy option`);
      continue;
    }
    if (!applicable.includes(key)) {
      problems.push(`${key} does not apply to ${name}${applicable.length ? ` (options: ${applicable.join(', ')})` : ' (it has no options)'}`);
      continue;
    }
    const problem = optionProblem(key as Option, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** `config` with every applicable option filled in from the defaults (validated). */
export function resolveStrategyConfig(config: StrategyConfig): StrategyConfig {
  const problems = validateStrategyConfig(config);
  if (problems.length) throw new InvalidArgumentError('invalid strategy config', problems);
  const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  return { ...STRATEGY_DEFAULTS[config.name], ...given } as StrategyConfig;
}

/** @throws InvalidArgumentError (code INVALID_ARGUMENT) listing every problem with `config`. */
export function createStrategy(config: StrategyConfig): Strategy {
  const c = resolveStrategyConfig(config);
  switch (c.name) {
    case 'fedavg':
      return new FedAvg();
    case 'fedprox':
      return new FedProx(c.proximalMu);
    case 'fedavgm':
      return new FedAvgM({ serverLearningRate: c.serverLearningRate, momentum: c.momentum });
    case 'fedadam':
      return new FedAdam({ serverLearningRate: c.serverLearningRate, beta1: c.beta1, beta2: c.beta2, tau: c.tau });
    case 'fedyogi':
      return new FedYogi({ serverLearningRate: c.serverLearningRate, beta1: c.beta1, beta2: c.beta2, tau: c.tau });
    case 'fedadagrad':
      return new FedAdagrad({ serverLearningRate: c.serverLearningRate, beta1: c.beta1, tau: c.tau });
    case 'fedmedian':
      return new FedMedian();
    case 'fedtrimmedavg':
      return new FedTrimmedAvg(c.beta);
    case 'krum':
      return new Krum({ f: c.f, m: c.m });
    case 'bulyan':
      return new Bulyan(c.f);
  }
}
