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
 *   key (its messages must be signed with the key it registered).
 */
import { MAX_MODEL_BYTES, TaskKind, type RoundTask, type TaskAcceptReply } from '@fl/protocol';

export interface PolicyContext {
  /** Dataset name this client registered with. */
  dataset: string;
  echo: boolean;
  /** Job id of the task in progress, if any. */
  busyWithJob: string | null;
  now: number;
  /** False when the client registered no signing key (absent: it did). */
  hasSigningKey?: boolean;
}

export function decideTask(task: RoundTask, ctx: PolicyContext): TaskAcceptReply {
  const reason = refusal(task, ctx);
  return reason === null ? { accepted: true } : { accepted: false, reason };
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
