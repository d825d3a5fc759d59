/**
 * @module chaos/crash-run
 * Drives one secure-aggregation job on real processes (a coordinator and
 * `fl-client --echo` clients) while the coordinator is SIGKILLed at chosen
 * points, restarted each time on the same data (same port, data dir and
 * database), until the job ends. Each kill comes from the coordinator's own
 * test fault hook (`FL_FAULT_KILL_AT=<phase or stage>:<round>`), so it lands
 * exactly in that phase or secure-aggregation stage.
 *
 * While it runs it records every model version it sees (round → hash and
 * version id, polled from `GET /api/jobs/:id`) and, after every restart,
 * checks that none of them is gone (`lostVersions`): the job has not gone
 * back, and each seen model still downloads with the same bytes. At the end
 * it checks the attempt history: a round committed twice, or a round number
 * appearing twice among the done attempts, counts in `doubleCounted`.
 */
import { join } from 'node:path';
import { JobStatus, RoundPhase, type CreateJobRequest, type JobView } from '@fl/protocol';
import { ApiClient } from '@fl/api-client';
import { waitForClients } from '../api/wait-for-clients';
import { Children } from '../proc/children';
import { randomAdminToken, startCoordinator, type CoordinatorProcess } from '../proc/coordinator';
import { startClients, withEnrollment } from '../proc/edge-clients';
import { freePort } from '../proc/free-port';

export const CRASH_DATASET = 'chaos';

/** Kill points the coordinator's fault hook knows: round phases and secure-aggregation stages. */
export const KILL_POINTS = ['waiting_for_clients', 'configuring', 'training', 'advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask', 'aggregating', 'evaluating'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface CrashRunOptions {
  engine: 'embedded' | 'postgres';
  /** PostgreSQL URL (postgres engine). */
  databaseUrl?: string;
  dataDir: string;
  logDir: string;
  clients: number;
  rounds: number;
  seed: number;
  params: number;
  /** Secure aggregation (default true); false runs a plain job. */
  secure?: boolean;
  /** The job's strategy (default FedAvg). */
  strategy?: CreateJobRequest['strategy'];
  /** Differential privacy (docs/privacy.md; plain jobs only, trusted-server mode). */
  privacy?: CreateJobRequest['privacy'];
  /** Kills in order: the i-th restart arms the (i+1)-th point. A point fires in the given round (default: any). */
  kills: Array<{ point: KillPoint; round?: number }>;
  say?: (line: string) => void;
  /** Whole-run bound. */
  timeoutMs?: number;
}

export interface CrashRunResult {
  kills: number;
  completedRounds: number;
  lostVersions: number;
  doubleCounted: number;
  final: JobView;
  /** The final global model's weights (FLW1 bytes). */
  finalModel: Uint8Array;
  /** Failure reasons of the attempts closed by a restart. */
  restartReasons: string[];
  /** Attempts that failed for another reason than a restart. */
  otherFailures: string[];
  /** DP jobs: ε spent as the status showed it, in the order polled (across every restart). */
  epsilonSeen: number[];
}

export function crashJob(o: Pick<CrashRunOptions, 'clients' | 'rounds' | 'seed' | 'params' | 'secure' | 'strategy' | 'privacy'>): CreateJobRequest {
  return {
    name: 'chaos',
    model: { builtin: 'synthetic', params: o.params },
    dataset: CRASH_DATASET,
    rounds: o.rounds,
    clientsPerRound: o.clients,
    minClients: o.clients,
    overSelection: 0,
    roundDeadlineSeconds: 20,
    waitForClientsSeconds: 60,
    maxRoundRetries: 3,
    seed: o.seed,
    strategy: o.strategy ?? { name: 'fedavg' },
    evaluate: true,
    secureAggregation: o.secure === false ? { enabled: false } : { stageTimeoutSeconds: 10 },
    ...(o.privacy ? { privacy: o.privacy } : {}),
  };
}

export async function runCrashJob(o: CrashRunOptions): Promise<CrashRunResult> {
  const say = o.say ?? (() => undefined);
  const children = new Children();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { FL_DB: o.engine, ...(o.databaseUrl ? { FL_DATABASE_URL: o.databaseUrl } : {}) };
  let starts = 0;
  const adminToken = randomAdminToken(); // the same across restarts: the API client keeps working
  const boot = (point: { point: KillPoint; round?: number } | undefined): Promise<CoordinatorProcess> =>
    startCoordinator(children, {
      port,
      dataDir: o.dataDir,
      logFile: join(o.logDir, `coordinator-${++starts}.log`),
      env: { ...env, FL_FAULT_KILL_AT: point ? `${point.point}${point.round ? `:${point.round}` : ''}` : '' },
      timeoutMs: 60_000,
      adminToken,
    });
  try {
    let coordinator = await boot(o.kills[0]);
    const api = new ApiClient({ baseUrl: coordinator.url, token: adminToken });
    startClients(
      children,
      coordinator.url,
      await withEnrollment(api, Array.from({ length: o.clients }, (_, i) => ({ name: `chaos-${i}`, data: CRASH_DATASET, echo: true, examples: 10 + i })), o.logDir),
      o.logDir,
    );
    await waitForClients(api, CRASH_DATASET, o.clients, 60_000);
    const created = await api.jobs.create(crashJob(o));
    await api.jobs.start(created.id);
    say(`job ${created.id}: ${o.rounds} ${o.secure === false ? 'plain' : 'secure'} round(s), ${o.clients} echo clients, ${o.kills.length} kill(s), engine ${o.engine}`);
    const seen = new Map<number, { hash: string; versionId: string }>();
    let kills = 0;
    let lostVersions = 0;
    const deadline = Date.now() + (o.timeoutMs ?? 600_000);
    let final: JobView | null = null;
    const epsilonSeen: number[] = [];
    while (!final) {
      if (Date.now() > deadline) throw Object.assign(new Error(`job did not finish within ${(o.timeoutMs ?? 600_000) / 1000} s`), { code: 'CHAOS_TIMEOUT' });
      if (!coordinator.child.alive) {
        const code = await coordinator.child.exited;
        if (code !== 'SIGKILL') throw Object.assign(new Error(`coordinator exited with ${code}, not by SIGKILL`), { code: 'CHAOS_UNEXPECTED_EXIT' });
        kills++;
        say(`kill ${kills}: coordinator SIGKILLed at ${o.kills[kills - 1]?.point ?? '?'}; restarting on the same data`);
        coordinator = await boot(o.kills[kills]);
        lostVersions += await countLost(api, created.id, seen);
        continue;
      }
      const v = await api.jobs.get(created.id).catch(() => null);
      if (v) {
        if (v.privacy) epsilonSeen.push(v.privacy.epsilonSpent);
        if (v.completedRounds > 0 && !seen.has(v.completedRounds)) seen.set(v.completedRounds, { hash: v.modelHash, versionId: v.modelVersionId });
        if ([JobStatus.Completed, JobStatus.Failed, JobStatus.Stopped].includes(v.status as never)) final = v;
      }
      if (!final) await new Promise((r) => setTimeout(r, 100));
    }
    lostVersions += await countLost(api, created.id, seen);
    const finalModel = await api.models.weights(final.modelHash);
    const done = final.rounds.filter((r) => r.phase === RoundPhase.Done).map((r) => r.round);
    const doubleCounted = done.length - new Set(done).size + Math.abs(new Set(done).size - final.completedRounds);
    const failed = final.rounds.filter((r) => r.phase === RoundPhase.Failed);
    return {
      kills,
      completedRounds: final.completedRounds,
      lostVersions,
      doubleCounted,
      final,
      finalModel,
      restartReasons: failed.filter((r) => r.failureReason?.startsWith('coordinator restarted')).map((r) => `round ${r.round}.${r.attempt}: ${r.failureReason}`),
      otherFailures: failed.filter((r) => !r.failureReason?.startsWith('coordinator restarted')).map((r) => `round ${r.round}.${r.attempt}: ${r.failureReason}`),
      epsilonSeen,
    };
  } finally {
    await children.stopAll(5_000);
  }
}

/** Seen versions that the restarted coordinator no longer has (job went back, or the model is gone or changed). */
async function countLost(api: ApiClient, jobId: string, seen: Map<number, { hash: string; versionId: string }>): Promise<number> {
  const job = await api.jobs.get(jobId);
  let lost = 0;
  for (const [round, v] of seen) {
    const ok = job.completedRounds >= round && (job.completedRounds !== round || job.modelVersionId === v.versionId) && (await api.models.weights(v.hash).then(() => true, () => false));
    if (!ok) lost++;
  }
  return lost;
}
