/**
 * @module rounds/evaluation-cadence
 * Which rounds are evaluated (docs/evaluation.md): rounds k, 2k, 3k, … of a
 * job with `evaluateEvery: k`, and always its last round, so the final model
 * always has a figure. Federated evaluation also needs `evaluate` (the
 * switch jobs had before the cadence existed); centralized evaluation needs
 * an `evalData` spec.
 */
import type { JobConfig } from '@fl/protocol';
import { evaluateEveryOf } from '../jobs/job-defaults';

type Cadence = Pick<JobConfig, 'rounds' | 'evaluateEvery'>;

/** Whether round `round` (1-based) falls on the job's evaluation cadence. */
export function isEvaluationRound(config: Cadence, round: number): boolean {
  return round === config.rounds || round % evaluateEveryOf(config) === 0;
}

/** Whether the cohort evaluates round `round`'s new model. */
export function federatedEvaluationDue(config: Cadence & Pick<JobConfig, 'evaluate'>, round: number): boolean {
  return config.evaluate && isEvaluationRound(config, round);
}

/** Whether the coordinator evaluates round `round`'s new model on the job's `evalData`. */
export function centralizedEvaluationDue(config: Cadence & Pick<JobConfig, 'evalData'>, round: number): boolean {
  return typeof config.evalData === 'string' && config.evalData !== '' && isEvaluationRound(config, round);
}
