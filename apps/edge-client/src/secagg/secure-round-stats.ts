/**
 * @module secagg/secure-round-stats
 * The `secagg_round` log event of one secure round: the stages answered, the
 * CPU time of the stage computations (`process.cpuUsage()` deltas around each
 * `clientStep`, split into masking and key agreement), the clip fraction and
 * the round's (k, t, n).
 */
import type { SecAggStageName } from '@fl/protocol';

/** The `secagg_round` log event's fields. */
export interface SecureRoundStats {
  [field: string]: string | number | null | readonly string[];
  taskId: string;
  /** The task's round number. */
  round: number;
  /** The stages answered, in order. */
  stages: SecAggStageName[];
  /** CPU seconds of advertise-keys, share-keys, consistency-check and unmask. */
  keyAgreementCpuSeconds: number;
  /** CPU seconds of the masked-input step (null when it did not run). */
  maskCpuSeconds: number | null;
  /** Clip fraction of the encoded update (null when none was supplied). */
  clipFraction: number | null;
  /** Graph degree, threshold and cohort size of the round config (null before advertise-keys). */
  k: number | null;
  t: number | null;
  n: number | null;
  /** `done`, or the code the round was abandoned with. */
  outcome: string;
}

/** Stages answered and CPU spent so far in one round. */
export class StageTally {
  readonly stages: SecAggStageName[] = [];
  keyAgreementCpuSeconds = 0;
  maskCpuSeconds: number | null = null;

  /** Runs `fn` (one stage computation) and adds its CPU time to the stage's kind. */
  timed<T>(stage: SecAggStageName, fn: () => T): T {
    const before = process.cpuUsage();
    try {
      return fn();
    } finally {
      const d = process.cpuUsage(before);
      const seconds = (d.user + d.system) / 1e6;
      if (stage === 'masked-input') this.maskCpuSeconds = (this.maskCpuSeconds ?? 0) + seconds;
      else this.keyAgreementCpuSeconds += seconds;
    }
  }
}

const fmt = (v: number | null, digits: number, unit = ''): string => (v === null ? '–' : v.toFixed(digits) + unit);

/** The human line of a secure round. */
export function formatSecureRound(s: SecureRoundStats): string {
  const clip = s.clipFraction === null ? '–' : `${(s.clipFraction * 100).toFixed(2)} %`;
  return (
    `secure round ${s.round} (${s.outcome}): n ${s.n ?? '–'}, k ${s.k ?? '–'}, t ${s.t ?? '–'}, clipped ${clip}, ` +
    `CPU ${fmt(s.maskCpuSeconds, 3, ' s')} masking + ${fmt(s.keyAgreementCpuSeconds, 3, ' s')} key agreement, stages ${s.stages.length}`
  );
}
