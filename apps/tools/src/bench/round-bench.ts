/**
 * @module bench/round-bench
 * `bench round`: wall-clock seconds of one federated round with N echo
 * clients and a layout-only `synthetic` model of P parameters, no evaluation,
 * every client in every round (clientsPerRound = N, no over-selection). One
 * warm-up round is run first and not counted; each counted round's seconds
 * come from the coordinator's `RoundView.seconds`. The coordinator's peak RSS
 * is its `VmHWM`.
 *
 * Plain: `{"bench":"round","clients":N,"params":P,"secure":false,
 * "roundSeconds":{"median","min","max"},"coordinatorPeakRssMB":x}`.
 *
 * `--secure` runs a plain job and then a secure job on the same processes
 * (same run, side by side) and adds `"dropout","k","t","overhead"` (secure
 * median / plain median), `"coordinatorCpuSeconds":{"plain","secure"}` (per
 * round) and `"clientMaskSeconds"` (median CPU seconds one client spends per
 * round on key agreement — every stage but masked-input: keys, signatures,
 * Shamir shares, share encryption — plus mask generation in masked-input;
 * `"clientMaskBreakdown"` splits the two), with `"clientKeystreamGBps"` =
 * (k + 1)·4·(P + 1) bytes / masked-input CPU, a lower bound on the keystream
 * rate. Two lower bounds on `overhead` from CPU alone, on this machine's
 * cores (C = `os.availableParallelism()`), with `"clientCpuSeconds":{"plain",
 * "secure"}` (all clients' CPU per round): `"cpuBoundOverhead"` = secure CPU
 * per round (coordinator + clients) / C / plain round seconds — no schedule
 * of that much CPU is faster — and `"cryptoBoundOverhead"` = (plain CPU per
 * round + every client's key agreement and masking CPU) / C / plain round
 * seconds — the bound even if the secure round cost nothing but the plain
 * round's work and the clients' cryptography. `--dropout f` starts
 * ⌈f·N⌉ clients with `--fault exit-after-share-keys`: they SIGKILL
 * themselves right after sharing keys in every secure round and are
 * restarted at once. `--graph` is the job's `secureAggregation.graph`; the
 * security parameters are exactly what a user gets.
 */
import { availableParallelism } from 'node:os';
import type { CreateJobRequest, JobView, SecAggGraph } from '@fl/protocol';
import { hotSpots } from '../proc/cpu-profile';
import { peakRssMB } from '../proc/peak-rss';
import { intOption, type Benchmark, type OptionValues } from './benchmark';
import { ECHO_DATASET, startEchoCluster } from './echo-cluster';
import { measureJob, WARMUP_ROUNDS } from './measure-job';
import { summarize } from './stats';

export { measuredSeconds } from './measure-job';

export const roundBench: Benchmark = {
  name: 'round',
  summary: 'seconds per FedAvg round (plain, or secure with --secure) with N echo clients and a P-parameter model',
  usage: [
    '  --clients N       echo clients, all selected every round      (default 10)',
    '  --params P        model parameters (synthetic model)          (default 100000)',
    '  --rounds R        measured rounds, after 1 warm-up round       (default 3)',
    '  --examples E      examples each echo client claims             (default 100)',
    '  --secure          also run a secure-aggregation job; report overhead vs plain',
    '  --graph G         complete | auto (SecAgg+ k, t for the cohort) (default auto)',
    '  --dropout F       fraction of clients killed after sharing keys (default 0)',
    '  --profile         CPU-profile the coordinator; print its hottest functions',
  ].join('\n'),
  options: {
    clients: { type: 'string' },
    params: { type: 'string' },
    rounds: { type: 'string' },
    examples: { type: 'string' },
    secure: { type: 'boolean', default: false },
    graph: { type: 'string' },
    dropout: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
  async run(values, ctx) {
    const n = intOption(values, 'clients', 10, 1, 1000);
    const params = intOption(values, 'params', 100_000, 1, 64 * 1024 * 1024);
    const rounds = intOption(values, 'rounds', 3, 1, 1000);
    const examples = intOption(values, 'examples', 100, 1, 1e9);
    const { secure, graph, dropout } = secureOptions(values);
    const profile = values.profile === true;
    const faulty = secure ? Math.ceil(dropout * n - 1e-9) : 0;
    if (secure && n < 3) throw Object.assign(new Error('--secure needs --clients ≥ 3'), { code: 'USAGE' });
    const cluster = await startEchoCluster(n, examples, ctx.say, { profile, faulty });
    let result: object;
    try {
      const base: CreateJobRequest = {
        name: `bench-round-${n}x${params}`,
        model: { builtin: 'synthetic', params },
        dataset: ECHO_DATASET,
        clientsPerRound: n,
        minClients: Math.max(1, n - faulty),
        overSelection: 0,
        evaluate: false,
        strategy: { name: 'fedavg' },
      };
      ctx.say('plain job:');
      const plain = await measureJob(cluster, { ...base, secureAggregation: { enabled: false } }, rounds, ctx);
      const plainSeconds = summarize(plain.seconds);
      if (!secure) {
        result = { bench: 'round', clients: n, params, secure: false, roundSeconds: plainSeconds, coordinatorPeakRssMB: peakRssMB(cluster.coordinator.child.pid) };
      } else {
        ctx.say(`secure job (graph ${graph}, ${faulty} client(s) killed after share-keys each round):`);
        const masks = cluster.maskSeconds();
        const sec = await measureJob(cluster, { ...base, name: `${base.name}-secure`, secureAggregation: { enabled: true, graph, expectedDropout: Math.max(dropout, 0.1) } }, rounds, ctx);
        const secureSeconds = summarize(sec.seconds);
        const last = [...sec.final.rounds].reverse().find((r) => r.phase === 'done' && r.secureAggregation);
        const samples = masks.take().filter((m) => m.round > WARMUP_ROUNDS);
        const maskCpu = samples.map((m) => m.keyAgreement + m.masking);
        const maskingOnly = samples.map((m) => m.masking);
        const stages = stageMedians(sec.final);
        const k = last?.secureAggregation?.k ?? null;
        const maskMedian = maskCpu.length ? summarize(maskCpu).median : null;
        const maskingMedian = maskingOnly.length ? summarize(maskingOnly).median : null;
        // Each client expands k + 1 masks (k pairwise, one self mask) of 4·(P + 1) bytes in its masked-input stage.
        // Its CPU also covers opening the shares and adding the masks in, so the rate is a lower bound.
        const keystreamGBps = k !== null && maskingMedian ? round3(((k + 1) * 4 * (params + 1)) / maskingMedian / 1e9) : null;
        // Lower bounds on `overhead` from CPU alone: the cores cannot finish a round faster than its CPU seconds / cores.
        const cores = availableParallelism();
        const cpuOf = (m: { cpuPerRound: { coordinator: number; clients: number } }) => m.cpuPerRound.coordinator + m.cpuPerRound.clients;
        const cryptoPerRound = samples.reduce((s, m) => s + m.keyAgreement + m.masking, 0) / rounds;
        ctx.say(`phases (median s): plain ${show(stageMedians(plain.final, true))}; secure ${show(stageMedians(sec.final, true))}`);
        ctx.say(`secure stages (median s): ${show(stages)}`);
        result = {
          bench: 'round',
          clients: n,
          params,
          secure: true,
          dropout,
          k,
          t: last?.secureAggregation?.t ?? null,
          roundSeconds: secureSeconds,
          plainRoundSeconds: plainSeconds,
          overhead: round3(secureSeconds.median / plainSeconds.median),
          coordinatorCpuSeconds: { plain: round3(plain.cpuPerRound.coordinator), secure: round3(sec.cpuPerRound.coordinator) },
          clientMaskSeconds: maskMedian === null ? null : round3(maskMedian),
          clientMaskBreakdown: maskMedian === null ? null : { keyAgreement: round3(summarize(samples.map((m) => m.keyAgreement)).median), masking: round3(maskingMedian!) },
          clientKeystreamGBps: keystreamGBps,
          clientCpuSeconds: { plain: round3(plain.cpuPerRound.clients), secure: round3(sec.cpuPerRound.clients) },
          cpuBoundOverhead: round3(cpuOf(sec) / cores / plainSeconds.median),
          cryptoBoundOverhead: round3((cpuOf(plain) + cryptoPerRound) / cores / plainSeconds.median),
          stageSeconds: stages,
          coordinatorPeakRssMB: peakRssMB(cluster.coordinator.child.pid),
        };
      }
    } finally {
      await cluster.close();
    }
    if (profile) printHotSpots(cluster.profileDir, ctx.say);
    return result;
  },
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Median seconds of each secure stage (or, with `phases`, each round phase) over the measured rounds. */
function stageMedians(job: JobView, phases = false): Record<string, number> {
  const per = new Map<string, number[]>();
  for (const r of job.rounds) {
    if (r.round <= WARMUP_ROUNDS || r.phase !== 'done') continue;
    const times = phases ? r.phaseSeconds : (r.secureAggregation?.stageSeconds ?? {});
    for (const [stage, s] of Object.entries(times)) per.set(stage, [...(per.get(stage) ?? []), s as number]);
  }
  return Object.fromEntries([...per].map(([k, v]) => [k, round3(summarize(v).median)]));
}

const show = (times: Record<string, number>) =>
  Object.entries(times)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function secureOptions(values: OptionValues): { secure: boolean; graph: SecAggGraph; dropout: number } {
  const secure = values.secure === true;
  const graph = (values.graph ?? 'auto') as string;
  if (graph !== 'auto' && graph !== 'complete') throw Object.assign(new Error(`--graph must be complete or auto (got "${graph}")`), { code: 'USAGE' });
  const dropout = values.dropout === undefined ? 0 : Number(values.dropout);
  if (!(dropout >= 0 && dropout < 0.5)) throw Object.assign(new Error(`--dropout must be a fraction in [0, 0.5) (got "${String(values.dropout)}")`), { code: 'USAGE' });
  if (!secure && (values.graph !== undefined || dropout > 0)) throw Object.assign(new Error('--graph and --dropout apply to --secure runs'), { code: 'USAGE' });
  return { secure, graph, dropout };
}

function printHotSpots(dir: string, say: (s: string) => void): void {
  try {
    const { totalMs, spots } = hotSpots(dir);
    say(`coordinator CPU profile (whole run, ${(totalMs / 1000).toFixed(2)} s sampled; ${dir}):`);
    for (const s of spots) say(`  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(6)} ms  ${s.fn}  ${s.where}`);
  } catch (e) {
    say(`no coordinator CPU profile in ${dir}: ${(e as Error).message}`);
  }
}
