/**
 * @module bench/accuracy-bench
 * `bench accuracy`: reproduces NIID-Bench's Fashion-MNIST setting (Li, Diao,
 * Chen, He, "Federated Learning on Non-IID Data Silos: An Experimental
 * Study", ICDE 2022) on the real platform: a coordinator child process, N
 * `fl-client` processes each holding one party of a seeded partition
 * (`--partition`, written to `partition.json` in the log directory and passed
 * to every client as `partition=<file>&party=j`), the built-in `niid-cnn`
 * and the job settings of `accuracy/accuracy-options`. Every global model
 * version is evaluated on the 10 000 test images in this process as soon as
 * its round commits (like the demo's held-out evaluation).
 *
 * Prints one JSON line per round, `{"event":"round","round","accuracy",
 * "loss","seconds"}` (seconds: the round's duration on the coordinator), and
 * last the summary: `{"bench":"accuracy",…,"partition","secure","strategy",
 * "rounds","accuracy","loss","bestAccuracy","seconds","secondsPerRound",
 * "wallSeconds",…}` (accuracy: after the last round; seconds: the job from
 * start to its last round; wallSeconds: the whole bench, start-up included).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPartitionFile } from '@fl/fl-core';
import { JobStatus } from '@fl/protocol';
import { ApiClient, followJob } from '@fl/api-client';
import { waitForClients } from '../api/wait-for-clients';
import { Children } from '../proc/children';
import { startCoordinator } from '../proc/coordinator';
import { startClients, withEnrollment } from '../proc/edge-clients';
import type { Benchmark, BenchContext } from './benchmark';
import { ACCURACY_OPTIONS, ACCURACY_USAGE, parseAccuracyOptions, type AccuracyOptions } from './accuracy/accuracy-options';
import { ACCURACY_DATASET, accuracyJob, partyDataSpec } from './accuracy/niid-job';
import { trainLabels } from './accuracy/test-set';
import { VersionEvaluator } from './accuracy/version-evaluator';

const r1 = (x: number) => Math.round(x * 10) / 10;

async function run(o: AccuracyOptions, ctx: BenchContext): Promise<object> {
  const wall0 = Date.now();
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-bench-accuracy-'));
  try {
    const labels = await trainLabels(o.trainExamples);
    const partitionFile = join(logDir, 'partition.json');
    const doc = createPartitionFile(labels, o.clients, o.partition, o.seed);
    writeFileSync(partitionFile, JSON.stringify(doc));
    const sizes = doc.parties.map((p) => p.length);
    ctx.say(`partition ${o.partition} (seed ${o.seed}) of ${labels.length} training images over ${o.clients} parties: sizes ${sizes.join(' ')}; ${partitionFile}`);

    const coordinator = await startCoordinator(children, { logFile: join(logDir, 'coordinator.log'), dataDir: join(logDir, 'data') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    ctx.say(`coordinator ${coordinator.url}; logs in ${logDir}`);
    const specs = await withEnrollment(api, Array.from({ length: o.clients }, (_, j) => ({ name: `party-${j}`, data: partyDataSpec(o, partitionFile, j) })), logDir);
    const clients = startClients(children, coordinator.url, specs, logDir);
    for (const c of clients) void c.exited.then((code) => code !== 0 && code !== 'SIGTERM' && ctx.say(`${c.name} exited (${code}); see ${logDir}/${c.name}.log`));
    await waitForClients(api, ACCURACY_DATASET, o.clients, 120_000 + o.clients * 20_000);
    const backends = [...new Set((await api.clients.list()).filter((c) => c.connected && c.dataset === ACCURACY_DATASET).map((c) => c.backend))];

    const job = await api.jobs.create(accuracyJob(o));
    ctx.say(
      `job ${job.id}: niid-cnn (${job.parameterCount} parameters), ${o.rounds} rounds × ${o.localEpochs} local epochs, ${o.strategy}${o.strategy === 'fedprox' ? ` μ=${o.mu}` : ''}, ${o.secure ? 'secure aggregation' : 'plain'}; clients on ${backends.join(', ')}`,
    );
    const evaluator = new VersionEvaluator(api, job.id, (r) => ctx.say(JSON.stringify({ event: 'round', ...r })), ctx.say);
    const started = Date.now();
    await api.jobs.start(job.id);
    const final = await followJob(api, job.id, (v) => evaluator.see(v), { timeoutMs: o.rounds * 8 * 3600_000 });
    const seconds = (Date.now() - started) / 1000;
    const ev = await evaluator.finish(final);
    if (final.status !== JobStatus.Completed) throw Object.assign(new Error(`job ended ${final.status}: ${final.statusReason ?? 'no reason given'}`), { code: 'JOB_FAILED' });
    const res = evaluator.results;
    const last = res[res.length - 1];
    const roundTimes = res.map((r) => r.seconds).filter((s): s is number => s !== null);
    return {
      bench: 'accuracy',
      dataset: ACCURACY_DATASET,
      model: 'niid-cnn',
      clients: o.clients,
      strategy: o.strategy,
      ...(o.strategy === 'fedprox' ? { mu: o.mu } : {}),
      localEpochs: o.localEpochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      momentum: o.momentum,
      weightDecay: o.weightDecay,
      seed: o.seed,
      trainExamples: labels.length,
      testExamples: ev?.examples ?? null,
      backend: backends.join(','),
      quick: o.quick,
      partition: o.partition,
      secure: o.secure,
      rounds: final.completedRounds,
      accuracy: last?.accuracy ?? null,
      loss: last?.loss ?? null,
      bestAccuracy: res.length ? Math.max(...res.map((r) => r.accuracy)) : null,
      seconds: r1(seconds),
      secondsPerRound: roundTimes.length ? r1(roundTimes.reduce((a, b) => a + b, 0) / roundTimes.length) : null,
      wallSeconds: r1((Date.now() - wall0) / 1000),
    };
  } finally {
    await children.stopAll();
  }
}

export const accuracyBench: Benchmark = {
  name: 'accuracy',
  summary: 'NIID-Bench Fashion-MNIST: test accuracy per round with real coordinator and client processes',
  usage: ACCURACY_USAGE,
  options: ACCURACY_OPTIONS,
  run: (values, ctx) => run(parseAccuracyOptions(values), ctx),
};
