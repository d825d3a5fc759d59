/**
 * @module bench/serve-load
 * Load generators for `POST /api/models/{id}/predict`: closed loop (C
 * callers, each sending its next request when the last one is answered) and
 * open loop (a fixed rate, whatever the answers). Both record the latency of
 * every answered request and count failures. The body is serialised once.
 */
import { Agent, request } from 'node:http';
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

/**
 * One POST over a kept-alive node:http connection: about 0.2 ms of the
 * generator's CPU per request here against 0.7 ms for `fetch`, which
 * matters on a machine the coordinator shares with its load.
 */
const agent = new Agent({ keepAlive: true });

function post(url: URL, body: Buffer, token: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function once(url: URL, body: Buffer, r: LoadResult, token: string | null): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await post(url, body, token);
    if (res.status !== 200) {
      r.failures++;
      r.firstFailure ??= `${res.status} ${res.text.slice(0, 200)}`;
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

/** `token`: API token sent as `Authorization: Bearer` (the coordinator needs one with `models:predict`). */
export async function closedLoop(url: string, body: string, concurrency: number, seconds: number, token: string | null = null): Promise<LoadResult> {
  const r = empty();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const target = new URL(url);
  const bytes = Buffer.from(body);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await once(target, bytes, r, token);
    }),
  );
  r.seconds = (performance.now() - t0) / 1000;
  return r;
}

/** Sends `rps` requests per second until `stop()`; `stop` resolves once every request is answered. */
export function openLoop(url: string, body: string, rps: number, token: string | null = null): { stop(): Promise<LoadResult> } {
  const r = empty();
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  const target = new URL(url);
  const bytes = Buffer.from(body);
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  // Each wake-up sends what is due and sleeps until the next send is due.
  const pump = () => {
    const elapsed = performance.now() - t0;
    const due = Math.floor((elapsed / 1000) * rps) - sent;
    for (let i = 0; i < due; i++) {
      sent++;
      const p = once(target, bytes, r, token).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    timer = setTimeout(pump, Math.max(1, ((sent + 1) * 1000) / rps - elapsed));
  };
  timer = setTimeout(pump, 1000 / rps);
  return {
    async stop() {
      clearTimeout(timer);
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
