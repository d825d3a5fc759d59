/**
 * @module commands/jobs
 * `fl jobs create|list|get|evaluations|start|stop|delete|watch|budget` (budget: commands/job-budget). `watch` follows a job
 * over the admin socket (with a poll as a safety net), prints one line per
 * finished round, and exits 0 when the job completes, 1 when it fails or is
 * stopped.
 */
import { followJob, RoundPrinter, TERMINAL } from '@fl/api-client';
import { JobStatus, STRATEGIES, type JobEvaluations, type JobView, type RoundEvaluation, type RoundView } from '@fl/protocol';
import type { Command } from 'commander';
import { EXIT_FAILED } from '../errors';
import { jobRequest, type JobFlags } from '../job-request';
import { fields, fixed, table, when, type Column } from '../output';
import { intArg, numberArg, oneOf } from '../parse';
import { registerJobBudget } from './job-budget';
import type { Register } from './register';

const modelOf = (j: JobView) => j.config.model.builtin ?? (j.config.model.version ? `version ${j.config.model.version}` : 'layers');

export const JOB_COLUMNS: Column<JobView>[] = [
  { header: 'ID', value: (j) => j.id },
  { header: 'NAME', value: (j) => j.config.name },
  { header: 'STATUS', value: (j) => j.status },
  { header: 'ROUNDS', value: (j) => `${j.completedRounds}/${j.config.rounds}` },
  { header: 'DATASET', value: (j) => j.config.dataset },
  { header: 'MODEL', value: modelOf },
  { header: 'SECAGG', value: (j) => j.config.secureAggregation.enabled },
  { header: 'CREATED', value: (j) => when(j.createdAt) },
];

const ROUND_COLUMNS: Column<RoundView>[] = [
  { header: 'ROUND', value: (r) => r.round },
  { header: 'ATTEMPT', value: (r) => r.attempt },
  { header: 'PHASE', value: (r) => r.phase },
  { header: 'PARTICIPANTS', value: (r) => `${r.participants.length}/${r.cohort.length}` },
  { header: 'LOSS', value: (r) => fixed(r.metrics?.evalLoss ?? r.metrics?.trainLoss) },
  { header: 'ACCURACY', value: (r) => fixed(r.metrics?.evalAccuracy ?? r.metrics?.trainAccuracy) },
  { header: 'SECONDS', value: (r) => fixed(r.seconds, 1) },
  { header: 'FAILURE', value: (r) => r.failureReason },
];

const EVALUATION_COLUMNS: Column<RoundEvaluation>[] = [
  { header: 'ROUND', value: (r) => r.round },
  { header: 'CLIENTS', value: (r) => r.clients.length },
  { header: 'FED LOSS', value: (r) => fixed(r.federated?.loss) },
  { header: 'FED ACCURACY', value: (r) => fixed(r.federated?.accuracy) },
  { header: 'CENTRAL LOSS', value: (r) => fixed(r.centralized?.status === 'done' ? r.centralized.loss : undefined) },
  { header: 'CENTRAL ACCURACY', value: (r) => (r.centralized?.status === 'failed' ? `failed: ${r.centralized.error}` : fixed(r.centralized?.status === 'done' ? r.centralized.accuracy : undefined)) },
];

/** `fl jobs evaluations`: one line per evaluated round. */
export function describeEvaluations(e: JobEvaluations): string {
  const head = `job ${e.jobId}: evaluated every ${e.evaluateEvery} round(s) and after the last${e.evalData ? `; centralized on ${e.evalData}` : ''}`;
  return e.rounds.length ? `${head}\n\n${table(e.rounds, EVALUATION_COLUMNS)}` : `${head}\nno evaluated round yet`;
}

export function describeJob(j: JobView): string {
  const head = fields([
    ['id', j.id],
    ['name', j.config.name],
    ['status', j.status + (j.statusReason ? ` (${j.statusReason})` : '')],
    ['rounds', `${j.completedRounds}/${j.config.rounds} completed`],
    ['dataset', j.config.dataset],
    ['model', `${modelOf(j)}, ${j.parameterCount} parameters`],
    ['model version', j.modelVersionId],
    ['strategy', j.config.strategy.name],
    ['secure aggregation', j.config.secureAggregation.enabled],
    ['clients per round', `${j.config.clientsPerRound} (min ${j.config.minClients})`],
    ['created', when(j.createdAt)],
  ]);
  return j.rounds.length ? `${head}\n\n${table(j.rounds, ROUND_COLUMNS)}` : head;
}

const short = (j: JobView) => `job ${j.id}: ${j.status}`;

export const registerJobs: Register = (program: Command, act) => {
  const jobs = program.command('jobs').description('federated jobs');

  jobs
    .command('create')
    .description('create a job from --file job.json and/or flags (flags win)')
    .option('--file <path>', 'JSON body of POST /api/jobs')
    .option('--name <name>', 'job name')
    .option('--model <builtin>', 'built-in model: mnist-cnn, mnist-mlp, synthetic')
    .option('--params <n>', 'parameter count (synthetic only)', intArg(1))
    .option('--from-version <id>', 'start from a registry model version')
    .option('--dataset <name>', 'dataset name the clients must hold')
    .option('--rounds <n>', 'rounds', intArg(1))
    .option('--clients-per-round <n>', 'target results per round', intArg(1))
    .option('--min-clients <n>', 'fewest results for a round to complete', intArg(1))
    .option('--strategy <name>', STRATEGIES.join(', '), oneOf(STRATEGIES))
    .option('--local-epochs <n>', 'local epochs per round', intArg(1))
    .option('--batch-size <n>', 'local batch size', intArg(1))
    .option('--learning-rate <x>', 'client learning rate', numberArg(0))
    .option('--seed <n>', 'seed', intArg(0))
    .option('--round-deadline <seconds>', 'training deadline per round', numberArg(0))
    .option('--wait-for-clients <seconds>', 'how long a round waits for enough clients', numberArg(0))
    .option('--evaluate <bool>', 'federated evaluation of each new model: true|false', (v) => oneOf(['true', 'false'] as const)(v) === 'true')
    .option('--evaluate-every <k>', 'evaluate rounds k, 2k, … and always the last', intArg(1))
    .option('--eval-data <spec>', 'held-out data spec the coordinator evaluates on, e.g. fashion-mnist?split=test')
    .option('--plain', 'secure aggregation off (the coordinator sees each update)')
    .option('--start', 'start it right away')
    .action(
      act(async (ctx, o: JobFlags & { start?: boolean }) => {
        const api = ctx.api();
        let job = await api.jobs.create(jobRequest(o));
        if (o.start) job = await api.jobs.start(job.id);
        ctx.print(job, short);
      }),
    );

  jobs
    .command('list')
    .description('every job')
    .action(act(async (ctx) => ctx.print(await ctx.api().jobs.list(), (l) => table(l, JOB_COLUMNS))));

  jobs
    .command('get <id>')
    .description('one job with its rounds')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().jobs.get(id), describeJob)));

  jobs
    .command('evaluations <id>')
    .description('evaluation history: per evaluated round, federated and centralized loss and accuracy (--json: with per-client rows)')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().jobs.evaluations(id), describeEvaluations)));

  jobs
    .command('start <id>')
    .description('start (or resume) a created or stopped job')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().jobs.start(id), short)));

  jobs
    .command('stop <id>')
    .description('stop a created or running job')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().jobs.stop(id), short)));

  jobs
    .command('delete <id>')
    .description('delete a stopped job and its model versions (the serving one is kept unless --force)')
    .option('--force', 'also delete the serving version')
    .action(
      act(async (ctx, id: string, o: { force?: boolean }) => {
        const d = await ctx.api().jobs.delete(id, { force: o.force });
        ctx.print(d, (v) => `job ${v.jobId} deleted with ${v.deletedVersions.length} model version(s)${v.keptVersions.length ? `; kept serving version ${v.keptVersions.join(', ')}` : ''}`);
      }),
    );

  jobs
    .command('watch <id>')
    .description('follow a job live, one line per round; exit 0 when it completes, 1 when it fails or stops')
    .option('--timeout <seconds>', 'give up after this long (exit 1)', intArg(1))
    .action(
      act(async (ctx, id: string, o: { timeout?: number }) => {
        const api = ctx.api();
        const printer = new RoundPrinter(ctx.json, (line) => ctx.deps.io.out(line));
        let status = '';
        const final = await followJob(
          api,
          id,
          (v) => {
            printer.update(v);
            // Status changes as they happen; the end gets its own line below.
            if (v.status !== status && !TERMINAL.includes(v.status) && !ctx.json) ctx.deps.io.out(`job ${v.id}: ${v.status}`);
            status = v.status;
          },
          { timeoutMs: o.timeout ? o.timeout * 1000 : undefined, pollMs: 1000 },
        );
        const end = { event: 'end', id: final.id, status: final.status, completedRounds: final.completedRounds, rounds: final.config.rounds, statusReason: final.statusReason, modelVersionId: final.modelVersionId };
        ctx.deps.io.out(ctx.json ? JSON.stringify(end) : `job ${final.id} ${final.status} after ${final.completedRounds}/${final.config.rounds} rounds${final.statusReason ? `: ${final.statusReason}` : ''}`);
        if (final.status !== JobStatus.Completed) ctx.exitCode = EXIT_FAILED;
      }),
    );

  registerJobBudget(jobs, act);
};
