/**
 * @module bench/round-bench
 * `bench round`: wall-clock seconds of one federated round with N echo
 * clients and a layout-only `synthetic` model of P parameters, plaintext
 * FedAvg, no evaluation, every client in every round (clientsPerRound =
 * minClients = N, no over-selection). One warm-up round is run first and not
 * counted; each counted round's seconds come from the coordinator's
 * `RoundView.seconds`. The coordinator's peak RSS is its `VmHWM`.
 *
 * Result: `{"bench":"round","clients":N,"params":P,"secure":false,
 * "roundSeconds":{"median","min","max"},"coordinatorPeakRssMB":x}`.
 * A CPU line (coordinator vs clients, measured rounds only) is printed
 * before it to tell where the time goes.
 */
import { JobStatus, type JobView } from '@fl/protocol';
import { watchJob } from '../api/job-watcher';
import { RoundPrinter } from '../api/round-printer';
import { hotSpots } from '../proc/cpu-profile';
import { cpuSeconds, peakRssMB } from '../proc/peak-rss';
import { intOption, type Benchmark } from './benchmark';
import { ECHO_DATASET, startEchoCluster } from './echo-cluster';
import { summarize } from './stats';

const WARMUP_ROUNDS = 1;

export const roundBench: Benchmark = {
  name: 'round',
  summary: 'seconds per plaintext FedAvg round with N echo clients and a P-parameter model',
  usage: [
    '  --clients N    echo clients, all selected every round      (default 10)',
    '  --params P     model parameters (synthetic model)          (default 100000)',
    '  --rounds R     measured rounds, after 1 warm-up round       (default 3)',
    '  --examples E   examples each echo client claims             (default 100)',
    '  --profile      CPU-profile the coordinator; print its hottest functions',
  ].join('\n'),
  options: {
    clients: { type: 'string' },
    params: { type: 'string' },
    rounds: { type: 'string' },
    examples: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
  async run(values, ctx) {
    const n = intOption(values, 'clients', 10, 1, 1000);
    const params = intOption(values, 'params', 100_000, 1, 64 * 1024 * 1024);
    const rounds = intOption(values, 'rounds', 3, 1, 1000);
    const examples = intOption(values, 'examples', 100, 1, 1e9);
    const profile = values.profile === true;
    const cluster = await startEchoCluster(n, examples, ctx.say, { profile });
    let result: object;
    try {
      const { api, coordinator, clients } = cluster;
      const job = await api.createJob({
        name: `bench-round-${n}x${params}`,
        model: { builtin: 'synthetic', params },
        dataset: ECHO_DATASET,
        rounds: rounds + WARMUP_ROUNDS,
        clientsPerRound: n,
        minClients: n,
        overSelection: 0,
        evaluate: false,
        strategy: { name: 'fedavg' },
      });
      const printer = new RoundPrinter(ctx.json, ctx.say);
      const cpu = { coordinator: 0, clients: 0, wall: 0 };
      const sample = () => ({
        coordinator: cpuSeconds(coordinator.child.pid) ?? 0,
        clients: clients.reduce((s, c) => s + (cpuSeconds(c.pid) ?? 0), 0),
        wall: Date.now() / 1000,
      });
      let afterWarmup: ReturnType<typeof sample> | null = null;
      await api.startJob(job.id);
      const final = await watchJob(
        api,
        job.id,
        (v) => {
          printer.update(v);
          if (!afterWarmup && v.completedRounds >= WARMUP_ROUNDS) afterWarmup = sample();
        },
        { pollMs: 1000, timeoutMs: (rounds + WARMUP_ROUNDS) * 600_000 },
      );
      const end = sample();
      const rss = peakRssMB(coordinator.child.pid);
      if (final.status !== JobStatus.Completed) throw jobFailed(final);
      if (afterWarmup) {
        const a = afterWarmup as ReturnType<typeof sample>;
        cpu.coordinator = end.coordinator - a.coordinator;
        cpu.clients = end.clients - a.clients;
        cpu.wall = end.wall - a.wall;
        ctx.say(
          `cpu over the ${rounds} measured round(s): coordinator ${cpu.coordinator.toFixed(2)} s, ` +
            `${n} clients ${cpu.clients.toFixed(2)} s, wall ${cpu.wall.toFixed(2)} s`,
        );
      }
      result = {
        bench: 'round',
        clients: n,
        params,
        secure: false,
        roundSeconds: summarize(measuredSeconds(final)),
        coordinatorPeakRssMB: rss,
      };
    } finally {
      await cluster.close();
    }
    if (profile) printHotSpots(cluster.profileDir, ctx.say);
    return result;
  },
};

function printHotSpots(dir: string, say: (s: string) => void): void {
  try {
    const { totalMs, spots } = hotSpots(dir);
    say(`coordinator CPU profile (whole run, ${(totalMs / 1000).toFixed(2)} s sampled; ${dir}):`);
    for (const s of spots) say(`  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(6)} ms  ${s.fn}  ${s.where}`);
  } catch (e) {
    say(`no coordinator CPU profile in ${dir}: ${(e as Error).message}`);
  }
}

/** Seconds of the final attempt of every round after the warm-up. */
export function measuredSeconds(job: JobView): number[] {
  const last = new Map<number, number>();
  for (const r of job.rounds) {
    if (r.round <= WARMUP_ROUNDS || r.phase !== 'done' || r.seconds === null) continue;
    last.set(r.round, r.seconds);
  }
  return [...last.values()];
}

function jobFailed(v: JobView): Error {
  const failed = v.rounds.filter((r) => r.phase === 'failed').map((r) => `round ${r.round}/${r.attempt}: ${r.failureReason}`);
  return Object.assign(new Error(`job ended ${v.status}: ${v.statusReason ?? ''} ${failed.join('; ')}`), { code: 'JOB_FAILED' });
}
