/**
 * @module jobs/job-config
 * Turns a validated {@link CreateJobDto} into a complete {@link JobConfig}:
 * fills defaults, then checks the rules that span fields. Returns every
 * problem at once.
 */
import type { JobConfig, ModelSpec, SecureAggregationConfig, StrategyConfig } from '@fl/protocol';
import { createStrategy, resolveStrategyConfig, robustRequirement, updateBoundProblems, validateStrategyConfig } from '@fl/fl-core';
import { checkSecAggPolicy, DEFAULT_SECAGG_POLICY } from '@fl/secagg';
import { MIN_SECURE_COHORT, secAggParamsFor } from '../secure-aggregation/secure-params';
import { evalDataProblems } from '../evaluation/eval-data';
import { resolvePrivacy } from '../privacy/privacy-config';
import type { CreateJobDto } from './dto/create-job.dto';
import { defaultMinClients, JOB_DEFAULTS, MAX_EXAMPLES_PER_CLIENT_DEFAULT, SECURE_AGGREGATION_DEFAULTS, UPDATE_BOUND_DEFAULTS } from './job-defaults';

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function modelProblems(m: ModelSpec): string[] {
  const p: string[] = [];
  const given = [m.builtin, m.layers, m.version].filter((x) => x !== undefined).length;
  if (given !== 1) p.push('model must give exactly one of builtin, layers or version');
  if (m.builtin === 'synthetic' && m.params === undefined) p.push('model.params is required for the synthetic model');
  if (m.builtin !== 'synthetic' && m.params !== undefined) p.push('model.params applies only to the synthetic model');
  return p;
}

/** What job checks need from the coordinator's configuration. */
export interface JobConfigContext {
  /** `--eval-data-dir`: where `evalData` files may be (null: built-in datasets only). */
  evalDataDir: string | null;
  /** Clients enrolled so far (the δ rule's population, privacy/privacy-config); default 0. */
  enrolled?: number;
}

export function buildJobConfig(dto: CreateJobDto, ctx: JobConfigContext = { evalDataDir: null }): { config: JobConfig; problems: string[] } {
  const clientsPerRound = dto.clientsPerRound ?? JOB_DEFAULTS.clientsPerRound;
  const model: ModelSpec = stripUndefined({ builtin: dto.model.builtin, params: dto.model.params, layers: dto.model.layers, version: dto.model.version });
  const strategy: StrategyConfig = dto.strategy ? stripUndefined({ ...dto.strategy }) : { ...JOB_DEFAULTS.strategy };
  const config: JobConfig = {
    name: dto.name ?? `${dto.dataset}-${model.builtin ?? (model.version !== undefined ? 'imported' : 'custom')}`,
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
    momentum: dto.momentum ?? JOB_DEFAULTS.momentum,
    weightDecay: dto.weightDecay ?? JOB_DEFAULTS.weightDecay,
    seed: dto.seed ?? JOB_DEFAULTS.seed,
    strategy,
    evaluate: dto.evaluate ?? JOB_DEFAULTS.evaluate,
    evaluateEvery: dto.evaluateEvery ?? JOB_DEFAULTS.evaluateEvery,
    evalData: dto.evalData ?? JOB_DEFAULTS.evalData,
    secureAggregation: { ...SECURE_AGGREGATION_DEFAULTS, ...stripUndefined({ ...(dto.secureAggregation ?? {}) }) },
    maxExamplesPerClient: dto.maxExamplesPerClient ?? MAX_EXAMPLES_PER_CLIENT_DEFAULT,
    updateBound: { ...UPDATE_BOUND_DEFAULTS, ...stripUndefined({ ...(dto.updateBound ?? {}) }) },
  };
  const problems = modelProblems(model);
  if (config.evalData) problems.push(...evalDataProblems(config.evalData, ctx.evalDataDir));
  problems.push(...updateBoundProblems(config.updateBound!).map((m) => `updateBound: ${m}`));
  if (config.minClients > config.clientsPerRound) problems.push(`minClients (${config.minClients}) must not exceed clientsPerRound (${config.clientsPerRound})`);
  const strategyProblems = validateStrategyConfig(strategy).map((m) => `strategy: ${m}`);
  problems.push(...strategyProblems);
  if (strategyProblems.length === 0) problems.push(...robustProblems(strategy, config));
  if (strategyProblems.length === 0 && problems.length === 0) problems.push(...secureAggregationProblems(config.secureAggregation, config, createStrategy(strategy)));
  if (dto.privacy && strategyProblems.length === 0) {
    const needsIndividualUpdates = createStrategy(strategy).needsIndividualUpdates;
    const r = resolvePrivacy(dto.privacy, config, { enrolled: ctx.enrolled ?? 0, needsIndividualUpdates, updateBoundGiven: dto.updateBound !== undefined });
    problems.push(...r.problems);
    config.privacy = r.privacy;
  }
  return { config, problems };
}

/**
 * A robust rule's precondition (fl-core `robustRequirement`, e.g. Krum's
 * n > 2f + 2) must hold for the fewest updates a round may aggregate,
 * `minClients`; each round checks it again against the updates received.
 */
export function robustProblems(strategy: StrategyConfig, config: Pick<JobConfig, 'minClients'>): string[] {
  const req = robustRequirement(resolveStrategyConfig(strategy));
  if (!req || config.minClients >= req.min) return [];
  return [`strategy ${strategy.name} needs ${req.rule}, i.e. at least ${req.min} updates per round; minClients is ${config.minClients} (raise minClients and clientsPerRound to ${req.min} or more, or lower f)`];
}

/** Rules for secure jobs: enough clients for a threshold, and a strategy that only needs the sum. */
export function secureAggregationProblems(
  s: SecureAggregationConfig,
  config: Pick<JobConfig, 'clientsPerRound' | 'minClients' | 'overSelection'>,
  strategy: { name: string; needsIndividualUpdates: boolean },
): string[] {
  if (!s.enabled) return [];
  const p: string[] = [];
  if (strategy.needsIndividualUpdates)
    p.push(
      `strategy ${strategy.name} needs individual updates, which secure aggregation never reveals; under secure aggregation the robustness available is norm bounding (clipping) of client updates with a strategy that works on the sum (e.g. fedavg), or set secureAggregation.enabled to false to run ${strategy.name}`,
    );
  if (config.clientsPerRound < MIN_SECURE_COHORT) {
    p.push(`secure aggregation needs at least ${MIN_SECURE_COHORT} clients per round (clientsPerRound is ${config.clientsPerRound}); raise it or set secureAggregation.enabled to false`);
    return p;
  }
  const weak = weakerThanClientPolicy(s, config);
  if (weak) p.push(`secureAggregation: ${weak}; edge clients refuse such rounds (their default policy is γ = ${DEFAULT_SECAGG_POLICY.corruption})`);
  return p;
}

/**
 * Edge clients check every round's (k, t) against their own policy
 * (`DEFAULT_SECAGG_POLICY`). A job whose settings would produce weaker
 * parameters for some cohort size it can run with is refused up front rather
 * than failing every round. Checks up to 64 cohort sizes across the range.
 */
function weakerThanClientPolicy(s: SecureAggregationConfig, config: Pick<JobConfig, 'clientsPerRound' | 'minClients' | 'overSelection'>): string | null {
  const hi = Math.ceil(config.clientsPerRound * (1 + config.overSelection));
  const lo = Math.max(MIN_SECURE_COHORT, Math.min(config.minClients, hi));
  const step = Math.max(1, Math.ceil((hi - lo) / 63));
  for (let n = lo; n <= hi; n = n === hi ? hi + 1 : Math.min(hi, n + step)) {
    try {
      const { k, t } = secAggParamsFor(n, s);
      checkSecAggPolicy(n, k, t, s.threatModel);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return null;
}
