/**
 * @module policy
 * Which tasks this client takes. A declined task is answered at once with a
 * reason, so the coordinator can pick someone else before its configure
 * deadline. Declined:
 * - a dataset the client does not hold;
 * - a layout-only model (topology null: a communication benchmark) unless the
 *   client runs in `--echo` mode;
 * - an evaluate task in `--echo` mode (echo learns nothing to evaluate with);
 * - a deadline already passed;
 * - a malformed model reference (chunk count, size limit);
 * - a task of another job while one is still running;
 * - a secure task in the active threat model when the client has no signing
 *   key (its messages must be signed with the key it registered);
 * - a train task that breaks the client's privacy policy (`PrivacyPolicy`,
 *   the `--require-dp …` flags; docs/privacy.md "Client policy"), answered
 *   with a `PolicyRefusalCode` the coordinator records per round.
 *
 * A secure round's threshold t is not in the task: the coordinator picks it
 * for the members that accepted, and the client learns it from the
 * advertise-keys request. `thresholdBreach` checks it there, before the
 * client sends anything that depends on it (secagg/secure-round withdraws
 * from the task with the code).
 */
import { MAX_MODEL_BYTES, PolicyRefusalCode, TaskKind, type RoundTask, type SecAggThreatModel, type TaskAcceptReply } from '@fl/protocol';

/** What this client requires of a train task before its data is used. All optional; none: no requirement. */
export interface PrivacyPolicy {
  /** Only differentially private jobs. */
  requireDp?: boolean;
  /** DP with a noise multiplier z of at least this (implies requireDp). */
  minNoiseMultiplier?: number;
  /** DP with a job budget ε of at most this (implies requireDp). */
  maxEpsilon?: number;
  /** Only secure aggregation, at least in this threat model (`active` also refuses semi-honest rounds). */
  requireSecure?: SecAggThreatModel;
  /** At least this many clients offered the round. */
  minCohort?: number;
  /**
   * At least this many contributors in any released sum: a secure round's actual threshold t ≥ T
   * (checked at advertise-keys, `thresholdBreach`), and a DP task's stated minimum ≥ T. A task that
   * is neither secure nor DP guarantees nothing and is declined.
   */
  minThreshold?: number;
}

export interface PolicyContext {
  /** Dataset name this client registered with. */
  dataset: string;
  echo: boolean;
  /** Job id of the task in progress, if any. */
  busyWithJob: string | null;
  now: number;
  /** False when the client registered no signing key (absent: it did). */
  hasSigningKey?: boolean;
  /** The client's privacy policy (absent: none). */
  privacy?: PrivacyPolicy;
}

export function decideTask(task: RoundTask, ctx: PolicyContext): TaskAcceptReply {
  const reason = refusal(task, ctx);
  if (reason !== null) return { accepted: false, reason };
  const breach = task.kind === TaskKind.Train && ctx.privacy ? privacyBreach(task, ctx.privacy) : null;
  return breach === null ? { accepted: true } : { accepted: false, reason: breach.reason, code: breach.code };
}

const STRENGTH: Record<SecAggThreatModel, number> = { 'semi-honest': 0, active: 1 };

/** The first requirement of `policy` that the train task breaks, with its code. */
export function privacyBreach(task: RoundTask, policy: PrivacyPolicy): { code: PolicyRefusalCode; reason: string } | null {
  const dp = task.privacy;
  const wantsDp = policy.requireDp || policy.minNoiseMultiplier !== undefined || policy.maxEpsilon !== undefined;
  if (wantsDp && !dp) return { code: PolicyRefusalCode.DpRequired, reason: 'policy: the task is not differentially private' };
  if (dp && policy.minNoiseMultiplier !== undefined && !(dp.noiseMultiplier >= policy.minNoiseMultiplier))
    return { code: PolicyRefusalCode.NoiseTooLow, reason: `policy: noise multiplier ${dp.noiseMultiplier} is below the required ${policy.minNoiseMultiplier}` };
  if (dp && policy.maxEpsilon !== undefined && !(dp.epsilon <= policy.maxEpsilon))
    return { code: PolicyRefusalCode.EpsilonTooHigh, reason: `policy: the job's budget ε = ${dp.epsilon} is above the allowed ${policy.maxEpsilon}` };
  if (policy.requireSecure !== undefined) {
    if (!task.secure) return { code: PolicyRefusalCode.SecureRequired, reason: 'policy: the task does not use secure aggregation' };
    if (STRENGTH[task.secure.threatModel] < STRENGTH[policy.requireSecure])
      return { code: PolicyRefusalCode.ThreatModel, reason: `policy: threat model ${task.secure.threatModel} is weaker than the required ${policy.requireSecure}` };
  }
  const cohort = task.secure?.nMax ?? dp?.cohort;
  if (policy.minCohort !== undefined && !(cohort !== undefined && cohort >= policy.minCohort))
    return { code: PolicyRefusalCode.CohortTooSmall, reason: `policy: ${cohort === undefined ? 'the task does not state its cohort size' : `cohort of ${cohort}`}; at least ${policy.minCohort} required` };
  // A secure task's threshold t comes at advertise-keys (thresholdBreach); a DP task states its minimum here.
  if (policy.minThreshold !== undefined && (dp ? !(dp.minContributors >= policy.minThreshold) : !task.secure))
    return { code: PolicyRefusalCode.ThresholdTooLow, reason: `policy: ${dp ? `a released sum may hold only ${dp.minContributors} contributor(s)` : 'the task is not secure and states no minimum of contributors'}; at least ${policy.minThreshold} required` };
  return null;
}

/**
 * `--min-threshold T` against a secure round's actual threshold t (from its
 * advertise-keys request): below T, the coordinator could unmask a sum of
 * fewer than T clients. The breach with its code, or null.
 */
export function thresholdBreach(t: number, policy: Pick<PrivacyPolicy, 'minThreshold'>): { code: PolicyRefusalCode; reason: string } | null {
  const T = policy.minThreshold;
  if (T === undefined || (Number.isSafeInteger(t) && t >= T)) return null;
  return { code: PolicyRefusalCode.ThresholdTooLow, reason: `policy: the secure round's threshold is t = ${t}, so a sum of ${t} client(s) can be unmasked; at least ${T} required` };
}

function refusal(task: RoundTask, ctx: PolicyContext): string | null {
  if (task.dataset !== ctx.dataset) return `dataset "${task.dataset}" is not held here (have "${ctx.dataset}")`;
  const m = task.model;
  if (m.topology === null && !ctx.echo) return 'layout-only model (no topology): only --echo clients take it';
  if (task.kind === TaskKind.Evaluate && ctx.echo) return 'echo mode does not evaluate';
  if (task.kind !== TaskKind.Train && task.kind !== TaskKind.Evaluate) return `unknown task kind "${String(task.kind)}"`;
  if (!(task.deadline > ctx.now)) return `deadline already passed (${new Date(task.deadline).toISOString()})`;
  if (!(m.bytes > 0 && m.bytes <= MAX_MODEL_BYTES)) return `model size ${m.bytes} outside 1..${MAX_MODEL_BYTES} bytes`;
  if (!(m.chunkBytes > 0) || m.chunks !== Math.ceil(m.bytes / m.chunkBytes)) return 'model chunk count does not match its size';
  if (ctx.busyWithJob !== null && ctx.busyWithJob !== task.jobId) return `busy with job ${ctx.busyWithJob}`;
  if (task.secure?.threatModel === 'active' && ctx.hasSigningKey === false) return 'secure task (active threat model) but this client has no signing key';
  return null;
}
