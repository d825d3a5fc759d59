/**
 * @module bench/accuracy/accuracy-options
 * Options of `bench accuracy` and the NIID-Bench Fashion-MNIST setting they
 * default to (Li, Diao, Chen, He, ICDE 2022, §IV: 10 parties all in every
 * round, 50 rounds, 10 local epochs, batch 64, SGD lr 0.01 momentum 0.9
 * weight decay 1e-5, the simple CNN, label skew p_k ~ Dir(0.5)). `--quick`
 * is a smoke setting for the test suite: 3 parties, 2 rounds of 1 local
 * epoch on the first `QUICK_TRAIN_EXAMPLES` training images, IID unless
 * `--partition` is given. Accuracy after two rounds follows the SGD steps
 * each party takes, so few large parties learn most per CPU second: measured
 * 0.65 with 10 IID parties on 20 000 images, 0.72 with 4, and 0.57 with 10
 * parties at dir:0.5 on 30 000.
 */
import { formatPartitionSpec, parsePartitionSpec } from '@fl/fl-core';
import { intOption, type OptionValues } from '../benchmark';

export const STRATEGY_NAMES = ['fedavg', 'fedprox'] as const;
export type AccuracyStrategy = (typeof STRATEGY_NAMES)[number];

export const QUICK_TRAIN_EXAMPLES = 24_000;

export interface AccuracyOptions {
  clients: number;
  rounds: number;
  /** Canonical partition spec string, e.g. `dir:0.5`. */
  partition: string;
  secure: boolean;
  strategy: AccuracyStrategy;
  /** FedProx μ (0 for FedAvg). */
  mu: number;
  seed: number;
  localEpochs: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  weightDecay: number;
  /** Training images shared among the parties (the first N of the 60 000), or null for all. */
  trainExamples: number | null;
  quick: boolean;
}

export const ACCURACY_USAGE = [
  '  --partition P     iid | dir:β | labels:K | quantity:β           (default dir:0.5; --quick iid)',
  '  --secure/--plain  secure aggregation on (default) or off',
  '  --strategy S      fedavg | fedprox                              (default fedavg)',
  '  --mu M            FedProx μ                                     (default 0.01)',
  '  --rounds R        federated rounds                              (default 50; --quick 2)',
  '  --epochs E        local epochs per round                        (default 10; --quick 1)',
  '  --clients N       parties, all in every round                   (default 10; --quick 3)',
  '  --seed S          partition, initial weights, shuffling          (default 1)',
  `  --examples N      use only the first N training images          (default all 60 000; --quick ${QUICK_TRAIN_EXAMPLES})`,
  `  --quick           smoke run: 3 parties, 2 rounds, 1 epoch, ${QUICK_TRAIN_EXAMPLES} images, IID`,
].join('\n');

export const ACCURACY_OPTIONS = {
  partition: { type: 'string' },
  secure: { type: 'boolean' },
  plain: { type: 'boolean' },
  strategy: { type: 'string' },
  mu: { type: 'string' },
  rounds: { type: 'string' },
  epochs: { type: 'string' },
  clients: { type: 'string' },
  seed: { type: 'string' },
  examples: { type: 'string' },
  quick: { type: 'boolean', default: false },
} as const;

const usage = (message: string) => Object.assign(new Error(message), { code: 'USAGE' });

export function parseAccuracyOptions(values: OptionValues): AccuracyOptions {
  const quick = values.quick === true;
  if (values.secure === true && values.plain === true) throw usage('give --secure or --plain, not both');
  const strategy = (values.strategy as string | undefined) ?? 'fedavg';
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) throw usage(`--strategy must be one of ${STRATEGY_NAMES.join(', ')} (got "${strategy}")`);
  let partition: string;
  try {
    partition = formatPartitionSpec(parsePartitionSpec((values.partition as string | undefined) ?? (quick ? 'iid' : 'dir:0.5')));
  } catch (e) {
    throw usage(`--partition: ${(e as Error).message}`);
  }
  const muRaw = values.mu as string | undefined;
  if (muRaw !== undefined && strategy !== 'fedprox') throw usage('--mu applies to --strategy fedprox only');
  const mu = muRaw === undefined ? (strategy === 'fedprox' ? 0.01 : 0) : Number(muRaw);
  if (!(Number.isFinite(mu) && mu > 0 && mu <= 100) && strategy === 'fedprox') throw usage(`--mu must be a number in (0, 100] (got "${muRaw}")`);
  const clients = intOption(values, 'clients', quick ? 3 : 10, 1, 64);
  const secure = values.plain !== true;
  if (secure && clients < 3) throw usage(`secure aggregation needs at least 3 clients (got --clients ${clients}); add --plain`);
  const examples = values.examples === undefined ? (quick ? QUICK_TRAIN_EXAMPLES : null) : intOption(values, 'examples', 0, clients * 10, 60_000);
  return {
    clients,
    rounds: intOption(values, 'rounds', quick ? 2 : 50, 1, 1000),
    partition,
    secure,
    strategy: strategy as AccuracyStrategy,
    mu,
    seed: intOption(values, 'seed', 1, 0, 2 ** 32 - 1),
    localEpochs: intOption(values, 'epochs', quick ? 1 : 10, 1, 1000),
    batchSize: 64,
    learningRate: 0.01,
    momentum: 0.9,
    weightDecay: 1e-5,
    trainExamples: examples,
    quick,
  };
}
