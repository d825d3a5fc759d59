/**
 * @module bench/serve-load
 * Load generators for `POST /api/models/{id}/predict`: closed loop (C
 * callers, each sending its next request when the last one is answered) and
 * open loop (a fixed rate, whatever the answers). Both record the latency of
 * every answered request and count failures. The body is serialised once.
 */
import { percentile } from './stats';

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
  /** First failure's status and body, if any. */
  firstFailure: string | null;
}

/** A batch of B random 28×28×1 images, as the JSON body. */
export function mnistBody(batch: number, seed = 1): string {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const inputs = Array.from({ length: batch }, () => Array.from({ length: 784 }, () => Math.round(next() * 1000) / 1000));
  return JSON.stringify({ inputs });
}

async function once(url: string, body: string, r: LoadResult): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200) {
      r.failures++;
      r.firstFailure ??= `${res.status} ${text.slice(0, 200)}`;
      return;
    }
    r.latenciesMs.push(performance.now() - t0);
  } catch (e) {
    r.failures++;
    r.firstFailure ??= (e as Error).message;
  } finally {
    r.requests++;
  }
}

const empty = (): LoadResult => ({ requests: 0, failures: 0, seconds: 0, latenciesMs: [], firstFailure: null });

export async function closedLoop(url: string, body: string, concurrency: number, seconds: number): Promise<LoadResult> {
  const r = empty();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await once(url, body, r);
    }),
  );
  r.seconds = (performance.now() - t0) / 1000;
  return r;
}

/** Sends `rps` requests per second until `stop()`; `stop` resolves once every request is answered. */
export function openLoop(url: string, body: string, rps: number): { stop(): Promise<LoadResult> } {
  const r = empty();
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rps) - sent;
    for (let i = 0; i < due; i++) {
      sent++;
      const p = once(url, body, r).finally(() => inflight.delete(p));
      inflight.add(p);
    }
  }, 2);
  return {
    async stop() {
      clearInterval(timer);
      r.seconds = (performance.now() - t0) / 1000;
      await Promise.all([...inflight]);
      return r;
    },
  };
}

export function latencySummary(r: LoadResult): { p50: number; p99: number } {
  if (!r.latenciesMs.length) return { p50: NaN, p99: NaN };
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(percentile(r.latenciesMs, 50)), p99: round(percentile(r.latenciesMs, 99)) };
}
