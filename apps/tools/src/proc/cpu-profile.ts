/**
 * @module proc/cpu-profile
 * Reads V8 `.cpuprofile` files (written by `node --cpu-prof`) and lists the
 * functions with the most self time, so a benchmark can say where a process
 * spent its CPU. Self time of a node = its sample count × the mean sampling
 * interval; nodes are merged by function name and location.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs between consecutive samples (the first from startTime). */
  timeDeltas?: number[];
}

/** A time window on the monotonic clock V8 and `process.hrtime` share on Linux, in µs. */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export interface HotSpot {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

/**
 * The `top` functions by self time over every profile in `dir`; with
 * `windows`, only samples taken inside one of them count (each weighted by
 * its own interval, from `timeDeltas`), and `(idle)` is left out.
 */
export function hotSpots(dir: string, top = 15, windows?: readonly ProfileWindow[]): { totalMs: number; spots: HotSpot[] } {
  const bySite = new Map<string, HotSpot>();
  let totalMs = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const msPerSample = (p.endTime - p.startTime) / 1000 / Math.max(1, p.samples.length);
    const msById = new Map<number, number>();
    if (windows && p.timeDeltas) {
      let t = p.startTime;
      p.samples.forEach((id, i) => {
        const dt = p.timeDeltas![i];
        t += dt;
        if (windows.some((w) => t >= w.fromUs && t < w.toUs)) msById.set(id, (msById.get(id) ?? 0) + dt / 1000);
      });
    } else for (const id of p.samples) msById.set(id, (msById.get(id) ?? 0) + msPerSample);
    for (const n of p.nodes) {
      const ms = msById.get(n.id) ?? 0;
      if (ms === 0 || (windows && n.callFrame.functionName === '(idle)')) continue;
      const fn = n.callFrame.functionName || '(anonymous)';
      const where = `${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(apps|libs)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
      const key = `${fn}@${where}`;
      const s = bySite.get(key) ?? { fn, where, ms: 0, share: 0 };
      s.ms += ms;
      bySite.set(key, s);
      totalMs += ms;
    }
  }
  const spots = [...bySite.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
  for (const s of spots) s.share = totalMs ? s.ms / totalMs : 0;
  return { totalMs, spots };
}

/**
 * Milliseconds of the samples inside `windows` whose stack holds a frame
 * from a script whose URL contains `urlPart` (inclusive time: that code and
 * everything it called), over every profile in `dir`.
 */
export function inclusiveMs(dir: string, windows: readonly ProfileWindow[], urlPart: string): number {
  let total = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile & { nodes: (ProfileNode & { children?: number[] })[] };
    if (!p.timeDeltas) continue;
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const own = new Map(p.nodes.map((n) => [n.id, n.callFrame.url.includes(urlPart)]));
    const under = new Map<number, boolean>();
    const isUnder = (id: number): boolean => {
      const known = under.get(id);
      if (known !== undefined) return known;
      const up = parent.get(id);
      const v = own.get(id) === true || (up !== undefined && isUnder(up));
      under.set(id, v);
      return v;
    };
    let t = p.startTime;
    p.samples.forEach((id, i) => {
      t += p.timeDeltas![i];
      if (windows.some((w) => t >= w.fromUs && t < w.toUs) && isUnder(id)) total += p.timeDeltas![i] / 1000;
    });
  }
  return total;
}
