/**
 * @module bench/stats
 * Summary statistics for benchmark samples.
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the middle two for an even count), min and max, rounded to `digits`. */
export function summarize(samples: readonly number[], digits = 3): Summary {
  if (samples.length === 0) throw Object.assign(new Error('no samples to summarize'), { code: 'NO_SAMPLES' });
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const round = (v: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]) };
}

/** The p-th percentile (nearest rank, p in [0, 100]) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw Object.assign(new Error('no samples for a percentile'), { code: 'NO_SAMPLES' });
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(s.length, rank) - 1];
}
