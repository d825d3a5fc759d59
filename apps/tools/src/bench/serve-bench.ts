/**
 * @module bench/serve-bench
 * `bench serve`: predictions per second and latency of
 * `POST /api/models/serving/predict` for the demo CNN (`mnist-cnn`, seeded
 * initial weights) on a coordinator child process with its default
 * inference pool. C closed-loop callers each send batches of B random
 * images for `--seconds`, `--runs` times after a warm-up; the result holds
 * the median over runs of predictions/s, p50 and p99 (ms), and every run:
 *
 * `{"bench":"serve","batch":B,"concurrency":C,"predictionsPerSecond",
 * "latencyMs":{"p50","p99"},"runs":[…],"failures","backends"}`.
 *
 * `--with-round` instead measures interference: on an echo cluster (N
 * clients, `synthetic` P-parameter model, plain, communication only) it
 * runs a job without load and a job with an open-loop load of `--rps`
 * requests/s at B = 1, `--pairs` times alternating, and prints
 * `"roundSlowdownUnderServing"` (median loaded round / median unloaded
 * round) and `"eventLoopDelayP99Ms"` (the coordinator's event-loop delay
 * p99 over the loaded jobs, from `GET /api/health`; the worst pair), with
 * the same for the unloaded jobs and the largest single delay of each kind
 * (`"eventLoopDelayMaxMs"`). The delay is how late the coordinator's 10 ms
 * probe timer fires (`health/event-loop.monitor`); the probe takes a sample
 * every 10 ms, so the default 20 measured rounds per job (≈ 1.5–4 s at
 * N = 10, P = 1M) give ≥ 140 samples: with 3 rounds there were ~20 and
 * their "p99" was the max.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '@fl/api-client';
import { Children } from '../proc/children';
import { startCoordinator } from '../proc/coordinator';
import { intOption, type Benchmark, type BenchContext, type OptionValues } from './benchmark';
import { ECHO_DATASET, startEchoCluster } from './echo-cluster';
import { measureJob } from './measure-job';
import { closedLoop, latencySummary, mnistBody, openLoop, type LoadResult } from './serve-load';
import { summarize } from './stats';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Creates an mnist-cnn job (never started) and promotes its initial version; returns the predict URL. */
async function servingCnn(api: ApiClient): Promise<string> {
  const job = await api.jobs.create({ model: { builtin: 'mnist-cnn' }, dataset: 'mnist', seed: 1 });
  await api.models.promote(job.modelVersionId);
  return `${api.restBase}/models/serving/predict`;
}

async function throughput(values: OptionValues, ctx: BenchContext): Promise<object> {
  const batch = intOption(values, 'batch', 1, 1, 65536);
  const concurrency = intOption(values, 'concurrency', 1, 1, 1024);
  const seconds = intOption(values, 'seconds', 5, 1, 3600);
  const runs = intOption(values, 'runs', 3, 1, 100);
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-bench-serve-'));
  try {
    const coordinator = await startCoordinator(children, { logFile: join(logDir, 'coordinator.log'), dataDir: join(logDir, 'data'), args: ['--serving-max-batch', String(Math.max(256, batch))] });
    ctx.say(`coordinator ${coordinator.url}; logs in ${logDir}`);
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const url = await servingCnn(api);
    const body = mnistBody(batch);
    const warm = await closedLoop(url, body, concurrency, 2, coordinator.adminToken!);
    if (warm.failures) throw Object.assign(new Error(`warm-up failed: ${warm.firstFailure}`), { code: 'SERVE_FAILED' });
    const results: Array<{ predictionsPerSecond: number; p50: number; p99: number; failures: number }> = [];
    for (let i = 0; i < runs; i++) {
      const r = await closedLoop(url, body, concurrency, seconds, coordinator.adminToken!);
      const ok = r.latenciesMs.length;
      const row = { predictionsPerSecond: round2((ok * batch) / r.seconds), ...latencySummary(r), failures: r.failures };
      ctx.say(`run ${i + 1}/${runs}: ${row.predictionsPerSecond} predictions/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${r.failures} failure(s)${r.firstFailure ? ` (${r.firstFailure})` : ''}`);
      results.push(row);
    }
    const med = (k: 'predictionsPerSecond' | 'p50' | 'p99') => summarize(results.map((r) => r[k]), 2).median;
    return {
      bench: 'serve',
      model: 'mnist-cnn',
      batch,
      concurrency,
      seconds,
      predictionsPerSecond: med('predictionsPerSecond'),
      latencyMs: { p50: med('p50'), p99: med('p99') },
      failures: results.reduce((s, r) => s + r.failures, 0),
      runs: results,
    };
  } finally {
    await children.stopAll(10_000);
  }
}

async function withRound(values: OptionValues, ctx: BenchContext): Promise<object> {
  const n = intOption(values, 'clients', 10, 1, 1000);
  const params = intOption(values, 'params', 1_000_000, 1, 64 * 1024 * 1024);
  const rounds = intOption(values, 'rounds', 20, 1, 1000);
  const rps = intOption(values, 'rps', 100, 1, 100_000);
  const pairs = intOption(values, 'pairs', 2, 1, 20);
  const cluster = await startEchoCluster(n, 100, ctx.say);
  try {
    const { api } = cluster;
    const url = await servingCnn(api);
    const body = mnistBody(1);
    await closedLoop(url, body, 2, 2, cluster.coordinator.adminToken!); // warm the workers
    const job = (name: string) => ({ name, model: { builtin: 'synthetic' as const, params }, dataset: ECHO_DATASET, clientsPerRound: n, minClients: n, overSelection: 0, evaluate: false, strategy: { name: 'fedavg' as const }, secureAggregation: { enabled: false } });
    const plain: number[] = [];
    const loaded: number[] = [];
    const loopPlain: number[] = [];
    const loopLoaded: number[] = [];
    const loopPlainMax: number[] = [];
    const loopLoadedMax: number[] = [];
    const serve: LoadResult[] = [];
    for (let i = 0; i < pairs; i++) {
      ctx.say(`pair ${i + 1}/${pairs}: round without serving load`);
      // The event-loop histogram covers the measured rounds only (not job creation or the warm-up round).
      const measuring = { onMeasuring: () => api.system.resetEventLoop() };
      plain.push(...(await measureJob(cluster, job(`bench-serve-round-plain-${i}`), rounds, ctx, measuring)).seconds);
      const lp = (await api.system.health()).eventLoopDelayMs;
      loopPlain.push(lp.p99);
      loopPlainMax.push(lp.max);
      ctx.say(`pair ${i + 1}/${pairs}: round under ${rps} predict requests/s (B=1)`);
      const load = openLoop(url, body, rps, cluster.coordinator.adminToken!);
      try {
        loaded.push(...(await measureJob(cluster, job(`bench-serve-round-loaded-${i}`), rounds, ctx, measuring)).seconds);
      } finally {
        serve.push(await load.stop());
      }
      const ll = (await api.system.health()).eventLoopDelayMs;
      loopLoaded.push(ll.p99);
      loopLoadedMax.push(ll.max);
    }
    const all: LoadResult = { requests: 0, failures: 0, seconds: 0, latenciesMs: [], firstFailure: null };
    for (const r of serve) {
      all.requests += r.requests;
      all.failures += r.failures;
      all.seconds += r.seconds;
      all.latenciesMs.push(...r.latenciesMs);
      all.firstFailure ??= r.firstFailure;
    }
    const p = summarize(plain);
    const l = summarize(loaded);
    return {
      bench: 'serve',
      withRound: true,
      clients: n,
      params,
      rps,
      roundSeconds: { withoutServing: p, underServing: l },
      roundSlowdownUnderServing: round2(l.median / p.median),
      eventLoopDelayP99Ms: Math.max(...loopLoaded),
      eventLoopDelayP99MsWithoutServing: Math.max(...loopPlain),
      eventLoopDelayMaxMs: { underServing: Math.max(...loopLoadedMax), withoutServing: Math.max(...loopPlainMax) },
      serving: { requests: all.requests, achievedRps: round2(all.latenciesMs.length / all.seconds), failures: all.failures, latencyMs: latencySummary(all), firstFailure: all.firstFailure },
    };
  } finally {
    await cluster.close();
  }
}

export const serveBench: Benchmark = {
  name: 'serve',
  summary: 'predictions/s and p50/p99 latency of POST /api/models/serving/predict (mnist-cnn); --with-round: round slowdown and event-loop delay under a serving load',
  usage: [
    '  --batch B         examples per request                        (default 1)',
    '  --concurrency C   closed-loop callers                         (default 1)',
    '  --seconds S       seconds per measured run                    (default 5)',
    '  --runs R          measured runs (medians reported)            (default 3)',
    '  --with-round      interference: bench round with and without a serving load',
    '  --clients N       echo clients (with --with-round)            (default 10)',
    '  --params P        synthetic model parameters (--with-round)   (default 1000000)',
    '  --rounds R        measured rounds per job (--with-round)      (default 20)',
    '  --rps X           open-loop predict requests/s, B=1 (--with-round) (default 100)',
    '  --pairs K         unloaded/loaded job pairs (--with-round)    (default 2)',
  ].join('\n'),
  options: {
    batch: { type: 'string' },
    concurrency: { type: 'string' },
    seconds: { type: 'string' },
    runs: { type: 'string' },
    'with-round': { type: 'boolean', default: false },
    clients: { type: 'string' },
    params: { type: 'string' },
    rounds: { type: 'string' },
    rps: { type: 'string' },
    pairs: { type: 'string' },
  },
  run(values, ctx) {
    return values['with-round'] === true ? withRound(values, ctx) : throughput(values, ctx);
  },
};
