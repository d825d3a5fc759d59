/**
 * @module bench/aggregate-bench
 * `bench aggregate --strategy S --clients N --params P [--f F] [--m M]
 * [--beta B]`: one strategy step on N individual updates of P parameters (a
 * robust rule; `fedavg` steps a sum of the same updates instead), run the way
 * the coordinator runs it — through its `AggregateWorker`, with the updates
 * transferred to the worker thread. `f` defaults to the most the rule
 * tolerates at N (Krum ⌊(N − 3)/2⌋, Bulyan ⌊(N − 3)/4⌋), and that many
 * updates are Byzantine (far away). Prints
 * `{"strategy":S,"clients":N,"params":P,"seconds":…,"eventLoopDelayP99Ms":…,
 * "eventLoopDelayMaxMs":…}`: the step's wall-clock seconds, and the event
 * loop's delay (perf_hooks `monitorEventLoopDelay`, 1 ms resolution) while
 * the step ran. Needs `npm run build` (the coordinator's worker file).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { STRATEGIES, type StrategyConfig, type StrategyName } from '@fl/protocol';
import { createStrategy, type AggregateInput, type ModelWeights, type Strategy, type StrategyState } from '@fl/fl-core';
import { intOption, type Benchmark, type OptionValues } from './benchmark';

interface AggregateStep {
  strategy: Strategy;
  config: StrategyConfig;
  global: ModelWeights;
  input: AggregateInput;
  state: StrategyState;
}
interface WorkerModule {
  AggregateWorker: new (file: string | null, warn: (m: string) => void) => { aggregate(s: AggregateStep): Promise<unknown>; close(): Promise<void> };
}
interface WorkerFileModule {
  findWorkerFile(rel: string): string | null;
}

const COORDINATOR_DIST = join(__dirname, '..', '..', '..', 'coordinator', 'dist');

function usage(message: string): Error {
  return Object.assign(new Error(message), { code: 'USAGE' });
}

/** The job config for `name` at `n` clients, with the bench's default f. */
export function benchConfig(values: OptionValues, n: number): StrategyConfig {
  const name = values.strategy as StrategyName;
  if (!(STRATEGIES as readonly string[]).includes(name)) throw usage(`--strategy must be one of ${STRATEGIES.join(', ')}`);
  const c: StrategyConfig = { name };
  if (name === 'krum') {
    c.f = intOption(values, 'f', Math.max(0, Math.floor((n - 3) / 2)), 0, n);
    c.m = intOption(values, 'm', 1, 1, n);
  }
  if (name === 'bulyan') c.f = intOption(values, 'f', Math.max(0, Math.floor((n - 3) / 4)), 0, n);
  if (name === 'fedtrimmedavg' && values.beta !== undefined) c.beta = Number(values.beta);
  return c;
}

/** N updates of P Float32 values (deterministic): honest ones small, the last `bad` far away. */
export function benchUpdates(n: number, P: number, bad: number): Float32Array[] {
  let s = 12345;
  return Array.from({ length: n }, (_, k) => {
    const u = new Float32Array(P);
    const far = k >= n - bad ? 100 : 0;
    for (let i = 0; i < P; i++) u[i] = far + ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.01;
    return u;
  });
}

async function run(values: OptionValues): Promise<object> {
  const n = intOption(values, 'clients', 50, 1, 10_000);
  const P = intOption(values, 'params', 1_000_000, 1, 100_000_000);
  const config = benchConfig(values, n);
  const strategy = createStrategy(config);
  const { AggregateWorker } = require(join(COORDINATOR_DIST, 'aggregation', 'aggregate-worker.js')) as WorkerModule;
  const { findWorkerFile } = require(join(COORDINATOR_DIST, 'common', 'worker-file.js')) as WorkerFileModule;
  const worker = new AggregateWorker(findWorkerFile('aggregation/aggregate.worker.js'), (m) => process.stderr.write(`${m}\n`));
  const global: ModelWeights = { layout: [{ name: 'w', shape: [P] }], data: new Float32Array(P) };
  const step = (): AggregateStep => {
    const updates = benchUpdates(n, P, config.f ?? 0);
    let input: AggregateInput;
    if (strategy.needsIndividualUpdates) input = { deltaSum: new Float64Array(0), weightSum: n, count: n, updates };
    else {
      const deltaSum = new Float64Array(P);
      for (const u of updates) for (let i = 0; i < P; i++) deltaSum[i] += u[i];
      input = { deltaSum, weightSum: n, count: n };
    }
    return { strategy, config, global, input, state: strategy.initState(global) };
  };
  try {
    const s = step();
    await new Promise((r) => setTimeout(r, 50));
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    await worker.aggregate(s);
    const seconds = (performance.now() - t0) / 1000;
    h.disable();
    const { name, ...options } = config;
    return {
      strategy: name,
      ...options,
      clients: n,
      params: P,
      seconds: Number(seconds.toFixed(3)),
      eventLoopDelayP99Ms: Number((h.percentile(99) / 1e6).toFixed(2)),
      eventLoopDelayMaxMs: Number((h.max / 1e6).toFixed(2)),
    };
  } finally {
    await worker.close();
  }
}

export const aggregateBench: Benchmark = {
  name: 'aggregate',
  summary: "one strategy step (robust rules on individual updates) through the coordinator's aggregate worker: seconds and event-loop delay",
  usage: '--strategy S (fedmedian | fedtrimmedavg | krum | bulyan | fedavg …) --clients N (50) --params P (1000000) [--f F] [--m M] [--beta B]',
  options: {
    strategy: { type: 'string' },
    clients: { type: 'string' },
    params: { type: 'string' },
    f: { type: 'string' },
    m: { type: 'string' },
    beta: { type: 'string' },
  },
  run,
};
