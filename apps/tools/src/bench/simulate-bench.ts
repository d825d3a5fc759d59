/**
 * @module bench/simulate-bench
 * `bench simulate`: N virtual clients (default 1,000) from one `simulate`
 * process against a real coordinator (docs/simulation.md). Each run starts
 * a fresh coordinator, creates one enrollment token of N uses, starts the
 * simulation and waits until every client is connected; the simulation
 * reports the seconds that took and the memory each idle client added
 * (RSS and V8 heap delta / N, after a GC). Then one secure round with
 * `--round-clients` (100) of them sampled and all required (the
 * `simulate-job` model: 7,850 parameters, real training), timed by the
 * coordinator (`RoundView.seconds`) and end to end (job start → completed),
 * with the coordinator's and the simulation's peak RSS (`VmHWM`).
 *
 * `{"bench":"simulate","clients":1000,"connectSeconds":…,"rssPerIdleClientKB":…,
 * "heapPerIdleClientKB":…,"roundClients":100,"secure":true,"roundSeconds":…,
 * "jobSeconds":…,"coordinatorPeakRssMB":…,"simulatePeakRssMB":…,…}`; with
 * `--runs R` > 1 each number is the median of the runs and `"runs"` lists them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { ApiClient, followJob } from '@fl/api-client';
import { waitForClients } from '../api/wait-for-clients';
import { Children } from '../proc/children';
import { startCoordinator } from '../proc/coordinator';
import { peakRssMB } from '../proc/peak-rss';
import { startSimulation } from '../proc/simulation';
import { intOption, type Benchmark, type BenchContext } from './benchmark';
import { simulationData, simulationJob } from './simulate-job';
import { summarize } from './stats';

export const simulateBench: Benchmark = {
  name: 'simulate',
  summary: 'N virtual clients in one process: connect time, memory per idle client, one secure round with a sample of them',
  usage: [
    '  --clients N         virtual clients in the simulate process     (default 1000)',
    '  --round-clients K   clients sampled for the secure round         (default 100)',
    '  --workers W         training threads of the simulation           (default: one per core)',
    '  --runs R            independent runs; numbers are their medians (default 1)',
  ].join('\n'),
  options: {
    clients: { type: 'string' },
    'round-clients': { type: 'string' },
    workers: { type: 'string' },
    runs: { type: 'string' },
  },
  async run(values, ctx) {
    const n = intOption(values, 'clients', 1000, 3, 10_000);
    const k = intOption(values, 'round-clients', Math.min(100, n), 3, n);
    const workers = values.workers === undefined ? undefined : intOption(values, 'workers', 1, 1, 256);
    const runs = intOption(values, 'runs', 1, 1, 10);
    const results: RunResult[] = [];
    for (let r = 1; r <= runs; r++) {
      if (runs > 1) ctx.say(`run ${r} of ${runs}:`);
      results.push(await runOnce(n, k, workers, ctx));
    }
    const med = (key: keyof RunResult) => {
      const xs = results.map((x) => x[key]).filter((v): v is number => typeof v === 'number');
      return xs.length ? summarize(xs).median : null;
    };
    const last = results[results.length - 1];
    return {
      bench: 'simulate',
      clients: n,
      connectSeconds: med('connectSeconds'),
      rssPerIdleClientKB: med('rssPerIdleClientKB'),
      heapPerIdleClientKB: med('heapPerIdleClientKB'),
      roundClients: k,
      secure: true,
      roundSeconds: med('roundSeconds'),
      jobSeconds: med('jobSeconds'),
      coordinatorPeakRssMB: med('coordinatorPeakRssMB'),
      simulatePeakRssMB: med('simulatePeakRssMB'),
      workers: last.workers,
      backend: last.backend,
      ...(runs > 1 ? { runs: results } : {}),
    };
  },
};

interface RunResult {
  connectSeconds: number;
  rssPerIdleClientKB: number;
  heapPerIdleClientKB: number;
  roundSeconds: number | null;
  jobSeconds: number;
  coordinatorPeakRssMB: number | null;
  simulatePeakRssMB: number | null;
  workers: number;
  backend: string;
}

async function runOnce(n: number, k: number, workers: number | undefined, ctx: BenchContext): Promise<RunResult> {
  const children = new Children();
  const dir = mkdtempSync(join(tmpdir(), 'fl-bench-simulate-'));
  try {
    const coordinator = await startCoordinator(children, { logFile: join(dir, 'coordinator.log'), dataDir: join(dir, 'data') });
    ctx.say(`coordinator ${coordinator.url} (pid ${coordinator.child.pid}); logs in ${dir}`);
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const token = await api.enrollmentTokens.create({ label: 'bench-simulate', maxUses: n });
    const sim = startSimulation(children, coordinator.url, { clients: n, data: simulationData(n), enrollToken: token.secret, workers, logFile: join(dir, 'simulate.log') });
    const ready = await sim.waitForEvent('ready', 120_000);
    ctx.say(`simulate (pid ${sim.child.pid}): ${n} virtual clients, ${String(ready.workers)} training thread(s) on ${String(ready.backend)}`);
    const connected = await sim.waitForEvent('connected', 60_000 + n * 500);
    await waitForClients(api, 'mnist', n, 60_000);
    ctx.say(`${n} connected in ${String(connected.connectSeconds)} s; per idle client ${String(connected.rssPerIdleClientKB)} KiB RSS, ${String(connected.heapPerIdleClientKB)} KiB heap`);
    const job = await api.jobs.create(simulationJob(`bench-simulate-${n}-${k}`, k, 1));
    const t0 = Date.now();
    await api.jobs.start(job.id);
    const final = await followJob(api, job.id, () => undefined, { pollMs: 500, timeoutMs: 900_000 });
    const jobSeconds = (Date.now() - t0) / 1000;
    if (final.status !== JobStatus.Completed) throw Object.assign(new Error(`job ended ${final.status}: ${final.statusReason ?? ''}`), { code: 'JOB_FAILED' });
    const round = final.rounds.find((r) => r.phase === 'done');
    ctx.say(`secure round with ${round?.participants.length} of ${n} clients: ${round?.seconds} s (k = ${round?.secureAggregation?.k})`);
    const coordinatorPeakRssMB = peakRssMB(coordinator.child.pid);
    const simulatePeakRssMB = peakRssMB(sim.child.pid);
    const summary = await sim.stop();
    ctx.say(`simulate summary: ${JSON.stringify(summary)}`);
    return {
      connectSeconds: connected.connectSeconds as number,
      rssPerIdleClientKB: connected.rssPerIdleClientKB as number,
      heapPerIdleClientKB: connected.heapPerIdleClientKB as number,
      roundSeconds: round?.seconds ?? null,
      jobSeconds: Math.round(jobSeconds * 1000) / 1000,
      coordinatorPeakRssMB,
      simulatePeakRssMB,
      workers: ready.workers as number,
      backend: ready.backend as string,
    };
  } finally {
    await children.stopAll(30_000);
  }
}
