/**
 * @module jobs/job-config
 * Turns a validated {@link CreateJobDto} into a complete {@link JobConfig}:
 * fills defaults, then checks the rules that span fields. Returns every
 * problem at once.
 */
import type { JobConfig, ModelSpec, StrategyConfig } from '@fl/protocol';
import { validateStrategyConfig } from '@fl/fl-core';
import type { CreateJobDto } from './dto/create-job.dto';
import { defaultMinClients, JOB_DEFAULTS } from './job-defaults';

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function modelProblems(m: ModelSpec): string[] {
  const p: string[] = [];
  const hasBuiltin = m.builtin !== undefined;
  const hasLayers = m.layers !== undefined;
  if (hasBuiltin === hasLayers) p.push('model must give exactly one of builtin or layers');
  if (m.builtin === 'synthetic' && m.params === undefined) p.push('model.params is required for the synthetic model');
  if (m.builtin !== 'synthetic' && m.params !== undefined) p.push('model.params applies only to the synthetic model');
  return p;
}

export function buildJobConfig(dto: CreateJobDto): { config: JobConfig; problems: string[] } {
  const clientsPerRound = dto.clientsPerRound ?? JOB_DEFAULTS.clientsPerRound;
  const model: ModelSpec = stripUndefined({ builtin: dto.model.builtin, params: dto.model.params, layers: dto.model.layers });
  const strategy: StrategyConfig = dto.strategy ? stripUndefined({ ...dto.strategy }) : { ...JOB_DEFAULTS.strategy };
  const config: JobConfig = {
    name: dto.name ?? `${dto.dataset}-${model.builtin ?? 'custom'}`,
    model,
    dataset: dto.dataset,
    rounds: dto.rounds ?? JOB_DEFAULTS.rounds,
    clientsPerRound,
    minClients: dto.minClients ?? defaultMinClients(clientsPerRound),
    overSelection: dto.overSelection ?? JOB_DEFAULTS.overSelection,
    roundDeadlineSeconds: dto.roundDeadlineSeconds ?? JOB_DEFAULTS.roundDeadlineSeconds,
    waitForClientsSeconds: dto.waitForClientsSeconds ?? JOB_DEFAULTS.waitForClientsSeconds,
    maxRoundRetries: dto.maxRoundRetries ?? JOB_DEFAULTS.maxRoundRetries,
    localEpochs: dto.localEpochs ?? JOB_DEFAULTS.localEpochs,
    batchSize: dto.batchSize ?? JOB_DEFAULTS.batchSize,
    learningRate: dto.learningRate ?? JOB_DEFAULTS.learningRate,
    seed: dto.seed ?? JOB_DEFAULTS.seed,
    strategy,
    evaluate: dto.evaluate ?? JOB_DEFAULTS.evaluate,
  };
  const problems = modelProblems(model);
  if (config.minClients > config.clientsPerRound) problems.push(`minClients (${config.minClients}) must not exceed clientsPerRound (${config.clientsPerRound})`);
  problems.push(...validateStrategyConfig(strategy).map((m) => `strategy: ${m}`));
  return { config, problems };
}
