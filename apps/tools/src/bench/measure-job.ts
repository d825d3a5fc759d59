/**
 * @module bench/measure-job
 * Runs one benchmark job on an echo cluster and measures it: the seconds of
 * every round after the warm-up (from the coordinator's `RoundView.seconds`,
 * final attempt of each round) and the CPU seconds the coordinator and the
 * client processes spent over those rounds (from /proc, so it includes
 * everything: sockets, GC, crypto).
 */
import { JobStatus, type CreateJobRequest, type JobView } from '@fl/protocol';
import { followJob, RoundPrinter } from '@fl/api-client';
import { cpuSeconds } from '../proc/peak-rss';
import type { BenchContext } from './benchmark';
import type { EchoCluster } from './echo-cluster';

export const WARMUP_ROUNDS = 1;

export interface JobMeasurement {
  final: JobView;
  /** Seconds of each measured round. */
  seconds: number[];
  /** CPU seconds per measured round (`coordinatorMainThread`: the coordinator's event-loop thread alone). */
  cpuPerRound: { coordinator: number; coordinatorMainThread: number; clients: number };
}

export interface MeasureOptions {
  /** Called once, when the warm-up round has completed and the measured rounds begin. */
  onMeasuring?: () => Promise<void>;
}

export async function measureJob(cluster: EchoCluster, req: CreateJobRequest, measuredRounds: number, ctx: BenchContext, o: MeasureOptions = {}): Promise<JobMeasurement> {
  const { api, coordinator } = cluster;
  const job = await api.jobs.create({ ...req, rounds: measuredRounds + WARMUP_ROUNDS });
  const printer = new RoundPrinter(ctx.json, ctx.say);
  const sample = () => ({
    coordinator: cpuSeconds(coordinator.child.pid) ?? 0,
    coordinatorMainThread: cpuSeconds(coordinator.child.pid, coordinator.child.pid) ?? 0,
    // Clients that died (dropout runs) take their CPU with them; the live ones are summed.
    clients: cluster.clients.reduce((s, c) => s + (cpuSeconds(c.pid) ?? 0), 0),
  });
  let afterWarmup: ReturnType<typeof sample> | null = null;
  await api.jobs.start(job.id);
  const final = await followJob(
    api,
    job.id,
    (v) => {
      printer.update(v);
      if (!afterWarmup && v.completedRounds >= WARMUP_ROUNDS) {
        afterWarmup = sample();
        void o.onMeasuring?.().catch(() => undefined);
      }
    },
    { pollMs: 1000, timeoutMs: (measuredRounds + WARMUP_ROUNDS) * 600_000 },
  );
  const end = sample();
  if (final.status !== JobStatus.Completed) throw jobFailed(final);
  const a = afterWarmup ?? end;
  const cpuPerRound = {
    coordinator: (end.coordinator - a.coordinator) / measuredRounds,
    coordinatorMainThread: (end.coordinatorMainThread - a.coordinatorMainThread) / measuredRounds,
    clients: (end.clients - a.clients) / measuredRounds,
  };
  ctx.say(`cpu per measured round: coordinator ${cpuPerRound.coordinator.toFixed(3)} s (main thread ${cpuPerRound.coordinatorMainThread.toFixed(3)} s), clients ${cpuPerRound.clients.toFixed(3)} s`);
  return { final, seconds: measuredSeconds(final), cpuPerRound };
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
