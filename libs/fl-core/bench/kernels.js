#!/usr/bin/env node
/**
 * @module bench/kernels
 * Plain-JS loops vs the WebAssembly SIMD kernels, in ms per 1M parameters
 * (median of 20 runs each, after 3 warm-up runs), printed as JSON. Runs the
 * built library:  npx tsc -b libs/fl-core && node libs/fl-core/bench/kernels.js [params]
 *
 * kernels: the raw loops on data already in place (JS heap for JS, wasm memory for wasm).
 * library: the public functions under each backend (data on the JS heap).
 * update:  the coordinator's per-update intake — `receive`: chunks →
 *          ChunkAssembler; `decodeAndAdd`: deserializeWeights (NaN/Inf scan) +
 *          WeightedDeltaSum.add (or addSerialized) — per update,
 *          averaged over rounds of 50 updates (sum creation and the final
 *          deltaSum read included; median of 3 rounds after a warm-up round),
 *          with the assembler allocating a fresh buffer and deserialize + add
 *          (as the coordinator does now) or receiving into `sum.updateBuffer()`
 *          and `addSerialized`; each round ends
 *          with `sum.dispose()` so the next one reuses the wasm memory.
 */
'use strict';
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const fl = require(dist);
const { accumulateJs, firstNonFiniteJs } = require(path.join(dist, 'kernels', 'js-kernels.js'));
const { WasmKernels } = require(path.join(dist, 'kernels', 'wasm-kernels.js'));

const N = Number(process.argv[2] || 1 << 20);
const PER_M = 1e6 / N;
const CHUNK = 1 << 20;

function ms(f) {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
}
/** Median ms per 1M parameters of `runs` calls of f (after 3 warm-ups). */
function bench(f, runs = 20) {
  for (let i = 0; i < 3; i++) f();
  return +(median(Array.from({ length: runs }, () => ms(f))) * PER_M).toFixed(3);
}
function pair(js, wasm) {
  return { js, wasm, speedup: +(js / wasm).toFixed(1) };
}

let seed = 1;
function rand() {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32 - 0.5;
}
const g = Float32Array.from({ length: N }, rand);
const updates = Array.from({ length: 4 }, () => Float32Array.from(g, (v) => v + rand() * 1e-2));
const x = updates[0];

// kernels
const wk = new WasmKernels();
const [pg, px, ps] = [wk.alloc(4 * N), wk.alloc(4 * N), wk.alloc(8 * N)];
const pxs = updates.map(() => wk.alloc(4 * N));
wk.f32(pg, N).set(g);
wk.f32(px, N).set(x);
updates.forEach((u, k) => wk.f32(pxs[k], N).set(u));
const sJs = new Float64Array(N);
const kernels = {
  accumulate: pair(
    bench(() => accumulateJs(sJs, x, g, 1.5)),
    bench(() => wk.k.accumulate(ps, px, pg, N, 1.5)),
  ),
  accumulate4PerUpdate: pair(
    bench(() => updates.forEach((u) => accumulateJs(sJs, u, g, 1.5))) / 4,
    bench(() => wk.k.accumulate4_unchecked(ps, pxs[0], pxs[1], pxs[2], pxs[3], pg, N, 1, 2, 3, 4)) / 4,
  ),
  finiteF32: pair(
    bench(() => firstNonFiniteJs(x)),
    bench(() => wk.k.first_nonfinite_f32(px, N)),
  ),
};

// library functions per backend
function underBackend(backend, f) {
  fl.setKernelBackend(backend);
  try {
    return f();
  } finally {
    fl.setKernelBackend('auto');
  }
}
const deltaSum = Float64Array.from(x, (v, i) => (v - g[i]) * 7);
const input = { deltaSum, weightSum: 7, count: 3 };
const lib = (f) => pair(underBackend('js', () => bench(f)), underBackend('wasm', () => bench(f)));
const library = {
  firstNonFiniteF32: lib(() => fl.firstNonFinite(x)),
  meanDelta: lib(() => fl.meanDelta(input)),
  applyDelta: lib(() => fl.applyDelta(g, deltaSum)),
};

// per-update intake, as in the coordinator
const layout = [{ name: 'w', shape: [N] }];
const blobs = updates.map((u) => fl.serializeWeights({ layout, data: u }));
function round(backend, useUpdateBuffer, size = 50) {
  return underBackend(backend, () => {
    let receive = 0;
    let fold = 0;
    let sum;
    fold += ms(() => (sum = new fl.WeightedDeltaSum(g)));
    for (let k = 0; k < size; k++) {
      const blob = blobs[k % blobs.length];
      const chunks = fl.splitChunks(blob, CHUNK);
      let buffer;
      let a;
      receive += ms(() => {
        buffer = useUpdateBuffer ? sum.updateBuffer(blob.byteLength) : undefined;
        a = new fl.ChunkAssembler(blob.byteLength, CHUNK, blob.byteLength, buffer);
        chunks.forEach((c, i) => a.add(i, chunks.length, c));
      });
      fold += ms(() => {
        if (useUpdateBuffer) {
          sum.addSerialized(a.bytes(), 10 + k, layout);
          buffer.release();
        } else sum.add(fl.deserializeWeights(a.bytes(), layout).data, 10 + k);
      });
    }
    fold += ms(() => sum.deltaSum[0]); // folds in what is still queued
    sum.dispose();
    return { receive: receive / size, decodeAndAdd: fold / size, total: (receive + fold) / size };
  });
}
function perUpdate(backend, useUpdateBuffer) {
  round(backend, useUpdateBuffer); // warm-up (first touch of the pooled memory)
  const rounds = Array.from({ length: 3 }, () => round(backend, useUpdateBuffer));
  const out = {};
  for (const key of ['receive', 'decodeAndAdd', 'total']) out[key] = +(median(rounds.map((r) => r[key])) * PER_M).toFixed(3);
  return out;
}
const update = {
  jsFreshBuffer: perUpdate('js', false),
  wasmFreshBuffer: perUpdate('wasm', false),
  wasmUpdateBuffer: perUpdate('wasm', true),
};

console.log(JSON.stringify({ params: N, unit: 'ms per 1M params', simd: fl.wasmSimdSupported(), node: process.version, kernels, library, update }, null, 2));
