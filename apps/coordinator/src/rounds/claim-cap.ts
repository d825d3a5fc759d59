/**
 * @module rounds/claim-cap
 * The most examples a client's FedAvg weight may count (README "Bounded
 * influence"): the job's `maxExamplesPerClient` and the count the client
 * registered, which the registry already holds to its enrolled cap
 * (clients.service). A client that registered no count is held to the job's
 * cap alone. `w_k = min(n_k, cap_k)`, the capped weight of McMahan et al.
 * (ICLR 2018) with the cap per client.
 */
import type { JobConfig } from '@fl/protocol';
import { maxExamplesOf } from '../jobs/job-defaults';
import type { CohortPort } from './round-ports';

export function claimCap(config: Pick<JobConfig, 'maxExamplesPerClient'>, cohort: Pick<CohortPort, 'numExamplesOf'>, clientId: string): number {
  const job = maxExamplesOf(config);
  const registered = cohort.numExamplesOf(clientId);
  return registered > 0 ? Math.min(job, registered) : job;
}
