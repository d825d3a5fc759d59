/**
 * @module simulation/simulate-args
 * Command line of `simulate` (`npm run simulate`): the `fl-client` options
 * that mean the same here (coordinator, enrollment token, backend, CA,
 * semi-honest opt-in, JSON), taken from its option table, plus the
 * simulation's own; parsed by `@fl/cli-options` like every CLI here.
 */
import { availableParallelism } from 'node:os';
import { int, nonEmpty, parseOptions, text, usageRows, type CliOption } from '@fl/cli-options';
import { MAX_NAME_LENGTH } from '@fl/protocol';
import { CLI_OPTIONS, describe, type BackendChoice } from '../args';
import { ClientError } from '../errors';
import { templateProblem } from './client-data-spec';

export interface SimulateOptions {
  coordinator: string;
  clients: number;
  /** Data template: a data spec with `shard=i/n` or `party=i`. */
  data: string;
  enrollToken?: string;
  workers: number;
  backend: BackendChoice;
  namePrefix: string;
  identityDir?: string;
  connectConcurrency: number;
  ca?: string;
  allowSemiHonest: boolean;
  verbose: boolean;
  json: boolean;
  help: boolean;
}

const shared = (key: string): CliOption => {
  const o = CLI_OPTIONS.find((c) => c.key === key);
  if (!o) throw new Error(`fl-client has no option ${key}`);
  return o;
};

export const SIMULATE_OPTIONS: readonly CliOption[] = [
  shared('coordinator'),
  { key: 'clients', flag: '--clients', metavar: 'N', kind: int(1, 100_000, 'must be an integer in [1, 100000]'), help: 'virtual clients to run   [required]' },
  {
    key: 'data',
    flag: '--data',
    env: 'FL_DATA',
    metavar: 'SPEC',
    kind: text(),
    help: 'data template: an fl-client --data spec where i stands for\nthe client index, in shard=i/N or party=i   [required]\ne.g. "fashion-mnist?shard=i/200&alpha=0.5"',
  },
  { ...shared('enrollToken'), help: 'enrollment token with at least --clients uses, for the\nclients not enrolled yet (prefer the env var: flags show\nin ps)' },
  { key: 'workers', flag: '--workers', metavar: 'N', kind: int(1, 256, 'must be an integer in [1, 256]'), help: 'training threads (default: one per core)' },
  shared('backend'),
  { key: 'namePrefix', flag: '--name-prefix', metavar: 'P', kind: nonEmpty('needs a prefix'), default: 'sim', help: 'client k is named P-k (default: sim)' },
  { key: 'identityDir', flag: '--identity-dir', metavar: 'DIR', kind: nonEmpty('needs a folder'), help: 'keep each client\'s identity in DIR/identity-P-k.json\n(a later run reuses them, no token needed); default:\nin memory, enrolled anew each run' },
  { key: 'connectConcurrency', flag: '--connect-concurrency', metavar: 'N', kind: int(1, 10_000, 'must be an integer in [1, 10000]'), default: '50', help: 'clients authenticating at once while starting (default: 50)' },
  shared('ca'),
  shared('allowSemiHonest'),
  { key: 'verbose', flag: '--verbose', kind: 'boolean', help: "every client's info lines (default: warnings only)" },
  shared('json'),
  shared('help'),
];

export const SIMULATE_USAGE = `Usage: npm run simulate -- --coordinator URL --clients N --data TEMPLATE [options]

Runs N virtual clients in one process against a coordinator, on the real
protocol: each has its own identity, connection, data shard and secure-
aggregation state; training runs in a pool of worker threads. Prints the
connected count as clients come online, one line with the memory per idle
client once all are connected, and a JSON summary when stopped (SIGINT/SIGTERM).

Options:
${usageRows(SIMULATE_OPTIONS, { flagWidth: 26, envWidth: 0, showDefault: false }).join('\n')}

Example:
  FL_ENROLL_TOKEN=et_… npm run simulate -- --coordinator http://127.0.0.1:3000 \\
    --clients 200 --data "fashion-mnist?shard=i/200&alpha=0.5"`;

/** Parses and validates `argv`; throws `ClientError('USAGE')` listing every problem. */
export function parseSimulateCli(argv: string[], env: NodeJS.ProcessEnv = process.env): SimulateOptions {
  const { values, problems } = parseOptions(SIMULATE_OPTIONS, argv, env, { describe, emptyEnvIsUnset: true });
  const v = values as Partial<SimulateOptions>;
  const help = v.help === true;
  if (!help) {
    if (v.coordinator === undefined && !problems.some((p) => /^(--coordinator|FL_COORDINATOR)/.test(p))) problems.push('--coordinator is required (e.g. --coordinator http://127.0.0.1:3000)');
    if (v.clients === undefined && !problems.some((p) => p.startsWith('--clients'))) problems.push('--clients is required (e.g. --clients 200)');
    if (v.data === undefined || v.data.trim() === '') problems.push('--data is required (e.g. --data "mnist?shard=i/200")');
    else {
      const why = templateProblem(v.data);
      if (why) problems.push(`--data ${why}`);
    }
    const longest = `${v.namePrefix ?? 'sim'}-${(v.clients ?? 1) - 1}`;
    if (longest.length > MAX_NAME_LENGTH) problems.push(`--name-prefix makes client names longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (problems.length) throw new ClientError('USAGE', problems.join('\n'));
  const out: SimulateOptions = {
    coordinator: v.coordinator ?? '',
    clients: v.clients ?? 0,
    data: v.data ?? '',
    workers: v.workers ?? availableParallelism(),
    backend: v.backend!,
    namePrefix: v.namePrefix!,
    connectConcurrency: v.connectConcurrency!,
    allowSemiHonest: v.allowSemiHonest === true,
    verbose: v.verbose === true,
    json: v.json === true,
    help,
  };
  if (v.enrollToken !== undefined) out.enrollToken = v.enrollToken;
  if (v.identityDir !== undefined) out.identityDir = v.identityDir;
  if (v.ca !== undefined) out.ca = v.ca;
  return out;
}
