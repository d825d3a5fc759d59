#!/usr/bin/env node
/**
 * @module bench/held-updates
 * A plain round's aggregation work under the default `median` update bound
 * (bounds/update-bound), in the event loop, three ways, printed as JSON:
 *
 *   stream: no median bound: `WeightedDeltaSum.addSerialized` per update, then
 *           `deltaSum` (the path before the median bound; nothing is held).
 *   store:  `UpdateStore` (the median bound's first version): Δ_k in a fresh
 *           Float32Array per update; at close norms, `scale`, `toSumInput`.
 *   held:   `HeldUpdates`: x_k copied into pooled wasm memory, norm on
 *           arrival; at close `settle` + `sum` (four updates per pass).
 *
 * For each: `intakeMs` (all updates of a round), `closeMs` (from the last
 * update to the sum; for `held` also `longestPassMs`, the longest stretch
 * between two awaited turns). Median of 5 rounds after 1 warm-up round, each
 * round a new store/sum disposed at its end (so pooled memory is reused as in
 * the coordinator). Runs the built library:
 *   npx tsc -b libs/fl-core && node libs/fl-core/bench/held-updates.js [clients] [params]
 */
'use strict';
const path = require('node:path');
const fl = require(path.join(__dirname, '..', 'dist'));

const CLIENTS = Number(process.argv[2] || 50);
const P = Number(process.argv[3] || 1_000_000);
const ROUNDS = 5;
const layout = [{ name: 'w', shape: [P] }];
const policy = { action: 'clip', rule: 'median', norm: 1, multiple: 1, learningRate: 0.2, targetQuantile: 0.5 };

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const g = Float32Array.from({ length: P }, rnd);
const uploads = Array.from({ length: CLIENTS }, (_, k) => fl.serializeWeights({ layout, data: Float32Array.from(g, (v) => v + 0.01 * (1 + (k % 7)) * rnd()) }));
const ids = uploads.map((_, k) => `client-${String(k).padStart(3, '0')}`);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const factorsOf = (norms) => {
  const f = new fl.UpdateBoundTally(policy, 1).settle(norms.map((n) => n.norm));
  return new Map(norms.map((n, i) => [n.clientId, f[i]]));
};

async function stream() {
  const t0 = now();
  const sum = new fl.WeightedDeltaSum(g);
  uploads.forEach((u) => sum.addSerialized(u, 10, layout));
  const t1 = now();
  void sum.deltaSum[0];
  const t2 = now();
  sum.dispose();
  return { intakeMs: t1 - t0, closeMs: t2 - t1 };
}

async function store() {
  const t0 = now();
  const s = new fl.UpdateStore(g);
  uploads.forEach((u, k) => s.addSerialized(ids[k], u, 10, layout));
  const t1 = now();
  s.scale(factorsOf(s.norms()));
  void s.toSumInput();
  const t2 = now();
  s.dispose();
  return { intakeMs: t1 - t0, closeMs: t2 - t1 };
}

async function held() {
  const t0 = now();
  const h = new fl.HeldUpdates(g);
  uploads.forEach((u, k) => h.addSerialized(ids[k], u, 10, layout));
  const t1 = now();
  let longest = 0;
  let mark = t1;
  await h.sum(factorsOf(h.norms()), async () => {
    longest = Math.max(longest, now() - mark);
    await new Promise((r) => setImmediate(r));
    mark = now();
  });
  const t2 = now();
  longest = Math.max(longest, t2 - mark);
  h.dispose();
  return { intakeMs: t1 - t0, closeMs: t2 - t1, longestPassMs: longest };
}

async function measure(f) {
  await f(); // warm-up: faults in the pooled memory
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await f());
  const out = {};
  for (const key of Object.keys(runs[0])) out[key] = Math.round(median(runs.map((x) => x[key])) * 10) / 10;
  return out;
}

(async () => {
  const result = { bench: 'held-updates', clients: CLIENTS, params: P, backend: fl.kernelBackend() };
  for (const [name, f] of [['stream', stream], ['store', store], ['held', held]]) result[name] = await measure(f);
  console.log(JSON.stringify(result));
})();
