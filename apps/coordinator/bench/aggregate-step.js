#!/usr/bin/env node
/**
 * How long one round's strategy step holds the coordinator's event loop, in
 * the event loop (`aggregateInThread`) and through `AggregateWorker`, for
 * FedAvg and FedAdam at 1M and 10M parameters. `worker` is what rounds do:
 * steps under `IN_THREAD_WORK` (FedAvg at 1M) stay in the event loop there
 * too. The longest stall is read by a 1 ms timer probe running while the step
 * runs; medians of 5 steps each, after one warm-up. Runs with the
 * coordinator launcher's malloc settings (bin/fl-coordinator). Needs
 * `npm run build`. Prints one JSON line per case:
 * {"bench":"aggregate-step","params","strategy","inThread":{"stallMs","totalMs"},"worker":{…}}
 */
if (!process.env.MALLOC_MMAP_THRESHOLD_) {
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: '268435456', MALLOC_TRIM_THRESHOLD_: '1073741824' };
  const r = require('node:child_process').spawnSync(process.execPath, [__filename], { env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { createStrategy } = require('@fl/fl-core');
const { AggregateWorker, aggregateInThread } = require('../dist/aggregation/aggregate-worker');
const { findWorkerFile } = require('../dist/common/worker-file');

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Runs `fn` while a 1 ms probe records the longest gap between its ticks. */
async function stallOf(fn) {
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  const t0 = performance.now();
  await fn();
  const total = performance.now() - t0;
  worst = Math.max(worst, performance.now() - last);
  clearInterval(probe);
  return { stall: worst, total };
}

async function main() {
  const worker = new AggregateWorker(findWorkerFile('aggregation/aggregate.worker.js'), (m) => console.error(m));
  for (const params of [1_000_000, 10_000_000])
    for (const name of ['fedavg', 'fedadam']) {
      const config = { name };
      const strategy = createStrategy(config);
      const global = { layout: [{ name: 'w', shape: [params] }], data: new Float32Array(params).fill(0.25) };
      const state = strategy.aggregate(global, { deltaSum: new Float64Array(params).fill(0.1), weightSum: 10, count: 10 }, strategy.initState(global)).state;
      const step = { strategy, config, global, input: { deltaSum: new Float64Array(params).fill(0.2), weightSum: 10, count: 10 }, state };
      const out = { bench: 'aggregate-step', params, strategy: name };
      for (const [key, run] of [['inThread', aggregateInThread], ['worker', worker.aggregate]]) {
        await run(step);
        const stalls = [];
        const totals = [];
        for (let i = 0; i < 5; i++) {
          const r = await stallOf(() => run(step));
          stalls.push(r.stall);
          totals.push(r.total);
        }
        out[key] = { stallMs: +median(stalls).toFixed(1), totalMs: +median(totals).toFixed(1) };
      }
      console.log(JSON.stringify(out));
    }
  await worker.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
