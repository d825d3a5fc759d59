/**
 * @module rounds/training-phases
 * The job's training phase: SecAgg+ (docs/secure-aggregation.md) when
 * `secureAggregation.enabled` (the default), plain FedAvg otherwise.
 */
import { SecureTraining } from '../secure-aggregation/secure-training';
import { PlainTraining } from './plain-training';
import type { TrainingHost, TrainingPhase } from './training-phase';

export function trainingPhaseFor(host: TrainingHost): TrainingPhase {
  return host.setup.config.secureAggregation.enabled ? new SecureTraining(host) : new PlainTraining(host);
}
