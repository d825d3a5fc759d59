/**
 * @module logic/chart-data
 * Per-round series for the Job page's charts (training loss and accuracy,
 * round duration, straggler latency: one attempt's finishers in order, and
 * per round the fastest, median and slowest finisher) and the mapping of a
 * series onto an SVG viewport. Evaluation results: logic/evaluation-data. A round counts once, by its completed attempt; failed attempts
 * are listed with their reasons elsewhere, not plotted.
 */
import type { JobView, RoundView } from '@fl/protocol';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  points: Point[];
}

export function completedRounds(job: JobView): RoundView[] {
  const byRound = new Map<number, RoundView>();
  for (const r of job.rounds) if (r.phase === 'done') byRound.set(r.round, r);
  return [...byRound.values()].sort((a, b) => a.round - b.round);
}

function series(label: string, rounds: RoundView[], pick: (r: RoundView) => number | null | undefined): Series {
  const points: Point[] = [];
  for (const r of rounds) {
    const y = pick(r);
    if (typeof y === 'number' && Number.isFinite(y)) points.push({ x: r.round, y });
  }
  return { label, points };
}

/** Training series (the clients' reported, example-weighted) and round duration per completed round; empty series are left out. */
export function metricSeries(job: JobView): { loss: Series[]; accuracy: Series[]; duration: Series[] } {
  const rounds = completedRounds(job);
  const keep = (s: Series[]) => s.filter((x) => x.points.length > 0);
  return {
    loss: keep([series('train loss', rounds, (r) => r.metrics?.trainLoss)]),
    accuracy: keep([series('train accuracy', rounds, (r) => r.metrics?.trainAccuracy)]),
    duration: keep([series('round seconds', rounds, (r) => r.seconds)]),
  };
}

/**
 * The distribution of client finish times per completed round: the fastest,
 * median (lower middle) and slowest update arrival, seconds since the
 * attempt began; rounds without member steps are left out.
 */
export function stragglerSeries(job: JobView): Series[] {
  const fastest: Point[] = [];
  const median: Point[] = [];
  const slowest: Point[] = [];
  for (const r of completedRounds(job)) {
    const t = finishTimes(r).points.map((p) => p.y);
    if (!t.length) continue;
    fastest.push({ x: r.round, y: t[0] });
    median.push({ x: r.round, y: t[Math.floor((t.length - 1) / 2)] });
    slowest.push({ x: r.round, y: t[t.length - 1] });
  }
  return fastest.length ? [{ label: 'fastest', points: fastest }, { label: 'median', points: median }, { label: 'slowest', points: slowest }] : [];
}

/**
 * Straggler latency of one attempt: when each member's update arrived
 * (its `uploaded` or `masked-input` step), seconds since the attempt began,
 * sorted — point i is the (i+1)-th finisher.
 */
export function finishTimes(round: RoundView): Series {
  const times: number[] = [];
  for (const m of round.members ?? []) {
    const s = m.steps.find((x) => x.state === 'uploaded' || x.state === 'masked-input');
    if (s) times.push(s.at / 1000);
  }
  times.sort((a, b) => a - b);
  return { label: 'update arrival (s)', points: times.map((y, i) => ({ x: i + 1, y })) };
}

export interface Viewport {
  width: number;
  height: number;
  pad: number;
}

export interface Scaled {
  /** SVG path per series (`M x y L …`), same order as the input. */
  paths: string[];
  /** Point coordinates per series, for markers. */
  dots: Point[][];
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Maps series onto the viewport (y grows upwards); a flat or single-point range is widened so it stays visible. */
export function scale(all: readonly Series[], v: Viewport): Scaled {
  const pts = all.flatMap((s) => s.points);
  let xMin = Math.min(...pts.map((p) => p.x));
  let xMax = Math.max(...pts.map((p) => p.x));
  let yMin = Math.min(0, ...pts.map((p) => p.y));
  let yMax = Math.max(...pts.map((p) => p.y));
  if (!pts.length) [xMin, xMax, yMin, yMax] = [0, 1, 0, 1];
  if (xMax === xMin) [xMin, xMax] = [xMin - 1, xMax + 1];
  if (yMax === yMin) yMax = yMin + 1;
  const sx = (x: number) => v.pad + ((x - xMin) / (xMax - xMin)) * (v.width - 2 * v.pad);
  const sy = (y: number) => v.height - v.pad - ((y - yMin) / (yMax - yMin)) * (v.height - 2 * v.pad);
  const dots = all.map((s) => s.points.map((p) => ({ x: round2(sx(p.x)), y: round2(sy(p.y)) })));
  const paths = dots.map((d) => d.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' '));
  return { paths, dots, xMin, xMax, yMin, yMax };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
