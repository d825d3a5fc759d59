/**
 * The aggregate worker returns bit for bit what the strategy returns in the
 * event loop (model and state, the model serialized and hashed as it is stored), leaves its inputs alone, fails the round the
 * same way when the strategy refuses, and falls back to the event loop when
 * its file is missing or the thread dies.
 */
import { createStrategy, serializeWeights, type AggregateInput, type ModelWeights, type StrategyState } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';
import type { StrategyConfig } from '@fl/protocol';
import { sourceWorker } from '../common/testing/source-worker';
import { AggregateWorker, aggregateInThread, IN_THREAD_WORK, StrategyRefusal, workOf, type AggregateStep } from './aggregate-worker';

/** The workers below take steps from this much work on (the default is IN_THREAD_WORK), so tests stay small. */
const MIN_WORK = 100_000;
const P = MIN_WORK + 3;

function weights(n: number, seed: number): ModelWeights {
  return { layout: [{ name: 'w', shape: [n] }], data: new Float32Array(n).map((_, i) => Math.sin(seed + i) / 3) };
}

/** A weighted sum of 3 updates; `within` places it inside a larger buffer (like the wasm-resident sum). */
function input(n: number, within = false): AggregateInput {
  const buf = new Float64Array(within ? n + 64 : n);
  const deltaSum = within ? buf.subarray(32, 32 + n) : buf;
  for (let i = 0; i < n; i++) deltaSum[i] = Math.cos(i) * 0.01 * 7;
  return { deltaSum, weightSum: 7, count: 3 };
}

function step(config: StrategyConfig, n = P, within = false): AggregateStep {
  const strategy = createStrategy(config);
  const global = weights(n, 1);
  let state = strategy.initState(global);
  // One step in, so optimiser state (moments) is non-zero.
  state = strategy.aggregate(global, input(n), state).state;
  return { strategy, config, global, input: input(n, within), state };
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function sameState(a: StrategyState, b: StrategyState): boolean {
  const ka = Object.keys(a.tensors).sort();
  const kb = Object.keys(b.tensors).sort();
  return a.step === b.step && ka.join() === kb.join() && ka.every((k) => bytes(a.tensors[k]).equals(bytes(b.tensors[k])));
}

function snapshot(s: AggregateStep): Buffer[] {
  return [bytes(s.global.data), bytes(s.input.deltaSum), ...Object.values(s.state.tensors).map(bytes)].map((b) => Buffer.from(b));
}

describe(AggregateWorker.name, () => {
  const file = sourceWorker('aggregation/aggregate.worker.ts');
  const warnings: string[] = [];
  const worker = new AggregateWorker(file, (m) => warnings.push(m), MIN_WORK);
  afterAll(() => worker.close());

  it('runs the worker source in a real worker thread (no build needed, never a stale one)', async () => {
    expect(file).toMatch(/\.js$/);
  });

  it.each<StrategyConfig>([{ name: 'fedavg' }, { name: 'fedadam' }, { name: 'fedavgm' }, { name: 'fedyogi' }])('returns what %j returns in the event loop, bit for bit, and leaves the inputs alone', async (config) => {
    const s = step(config, P, true);
    const before = snapshot(s);
    const want = await aggregateInThread(s);
    const got = await worker.aggregate(s);
    expect(bytes(got.weights.data).equals(bytes(want.weights.data))).toBe(true);
    expect(got.weights.layout).toEqual(want.weights.layout);
    // …already serialized and hashed in the worker, as the event loop would have stored it.
    const stored = serializeWeights(want.weights);
    expect(bytes(got.serialized!.bytes).equals(bytes(stored))).toBe(true);
    expect(got.serialized!.hash).toBe(modelHash(stored));
    expect(sameState(got.state, want.state)).toBe(true);
    expect(snapshot(s).every((b, i) => b.equals(before[i]))).toBe(true);
    expect(worker.thread).not.toBeNull();
    expect(warnings).toEqual([]);
  });

  it.each<StrategyConfig>([{ name: 'fedmedian' }, { name: 'fedtrimmedavg', beta: 0.2 }, { name: 'krum', f: 1, m: 2 }, { name: 'bulyan', f: 1 }])(
    'robust %j: transfers the individual updates (no copy) and returns what the event loop returns',
    async (config) => {
      const n = 7;
      const P2 = Math.ceil(MIN_WORK / n) + 1;
      const strategy = createStrategy(config);
      const global = weights(P2, 1);
      const updates = () => Array.from({ length: n }, (_, k) => new Float32Array(P2).map((_, i) => Math.sin(k * 31 + i) * (k === 6 ? 100 : 0.01)));
      const inputOf = (u: Float32Array[]): AggregateInput => ({ deltaSum: new Float64Array(0), weightSum: n, count: n, updates: u });
      const want = await aggregateInThread({ strategy, config, global, input: inputOf(updates()), state: strategy.initState(global) });
      const mine = updates();
      const got = await worker.aggregate({ strategy, config, global, input: inputOf(mine), state: strategy.initState(global) });
      expect(bytes(got.weights.data).equals(bytes(want.weights.data))).toBe(true);
      expect(got.serialized).toBeDefined(); // it ran in the worker…
      expect(mine.every((u) => u.length === 0)).toBe(true); // …which took the updates over (transferred)
    },
  );

  it('a robust precondition failure in the worker fails the round with its reason', async () => {
    const config: StrategyConfig = { name: 'bulyan', f: 2 };
    const strategy = createStrategy(config);
    const global = weights(P, 1);
    const updates = Array.from({ length: 10 }, () => new Float32Array(P));
    await expect(worker.aggregate({ strategy, config, global, input: { deltaSum: new Float64Array(0), weightSum: 10, count: 10, updates }, state: strategy.initState(global) })).rejects.toMatchObject({
      code: 'PRECONDITION',
      message: expect.stringMatching(/at least 11 updates; the round received 10/),
    });
  });

  it('fails the round, without falling back, when the worker dies holding the transferred updates', async () => {
    const w = new AggregateWorker(file, (m) => warnings.push(m), MIN_WORK);
    const config: StrategyConfig = { name: 'fedmedian' };
    const strategy = createStrategy(config);
    const global = weights(P, 1);
    const updates = Array.from({ length: 3 }, () => new Float32Array(P));
    const pending = w.aggregate({ strategy, config, global, input: { deltaSum: new Float64Array(0), weightSum: 3, count: 3, updates }, state: strategy.initState(global) });
    await w.thread!.terminate();
    await expect(pending).rejects.toThrow(/aggregate worker failed .*holding the round's individual updates/);
    expect(updates.every((u) => u.length === 0)).toBe(true);
    await w.close();
    warnings.length = 0;
  });

  it('fails with the strategy refusal the event loop would have thrown', async () => {
    const s = step({ name: 'fedavg' });
    s.input.deltaSum[5] = NaN;
    const inThread = await aggregateInThread(s).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(inThread?.message).toMatch(/NaN/);
    await expect(worker.aggregate(s)).rejects.toThrow(new StrategyRefusal('AggregationError', 'NON_FINITE', inThread!.message));
    await expect(worker.aggregate(s)).rejects.toMatchObject({ name: 'AggregationError', code: 'NON_FINITE' });
    expect(warnings).toEqual([]);
    // The worker is still there for the next round.
    const ok = step({ name: 'fedavg' });
    expect(bytes((await worker.aggregate(ok)).weights.data).equals(bytes((await aggregateInThread(ok)).weights.data))).toBe(true);
  });

  it('falls back to the event loop when the worker thread dies, and starts a new one next time', async () => {
    const w = new AggregateWorker(file, (m) => warnings.push(m), MIN_WORK);
    const s = step({ name: 'fedadam' });
    const want = await aggregateInThread(s);
    const pending = w.aggregate(s);
    await w.thread!.terminate();
    const got = await pending;
    expect(bytes(got.weights.data).equals(bytes(want.weights.data))).toBe(true);
    expect(sameState(got.state, want.state)).toBe(true);
    expect(warnings.at(-1)).toMatch(/aggregate worker failed .*aggregating in the event loop/);
    await w.aggregate(s);
    expect(w.thread).not.toBeNull();
    await w.close();
    warnings.length = 0;
  });

  it('counts the optimiser state in the work: FedAdam goes to the worker at a third of the FedAvg size', () => {
    const n = Math.ceil(IN_THREAD_WORK / 3);
    // Only lengths and tensor counts matter, so nothing of size n is allocated.
    const sized = (tensors: number) => ({
      global: { layout: [{ name: 'w', shape: [n] }], data: { length: n } as Float32Array },
      state: { step: 0, tensors: Object.fromEntries(Array.from({ length: tensors }, (_, i) => [`t${i}`, new Float32Array(0)])) },
    });
    expect(workOf(sized(0))).toBeLessThan(IN_THREAD_WORK); // FedAvg
    expect(workOf(sized(2))).toBeGreaterThanOrEqual(IN_THREAD_WORK); // FedAdam: m and v
  });

  it('runs small steps in the event loop without starting the worker', async () => {
    const w = new AggregateWorker(file, (m) => warnings.push(m));
    const s = step({ name: 'fedadam' }, 1000);
    const got = await w.aggregate(s);
    expect(bytes(got.weights.data).equals(bytes((await aggregateInThread(s)).weights.data))).toBe(true);
    expect(w.thread).toBeNull();
    await w.close();
  });

  it('runs in the event loop, with one warning, when the worker is not built', async () => {
    const notes: string[] = [];
    const w = new AggregateWorker(null, (m) => notes.push(m), MIN_WORK);
    const s = step({ name: 'fedavg' });
    await w.aggregate(s);
    await w.aggregate(s);
    expect(notes).toEqual(['the aggregate worker is not built (npm run build); aggregation runs in the event loop']);
  });
});
