import type { RoundTask } from '@fl/protocol';
import { deserializeWeights } from '@fl/fl-core';
import { EchoTrainer } from './echo-trainer';

const global = { layout: [{ name: 'w', shape: [10_000] }], data: Float32Array.from({ length: 10_000 }, (_, i) => i / 100) };
const task = (seed: number) => ({ seed }) as RoundTask;

describe(EchoTrainer.name, () => {
  const trainer = new EchoTrainer({ name: 'synthetic', numExamples: 7 }, 1e-3);

  it('returns the global weights plus a perturbation within ±amplitude that averages out', async () => {
    const out = await trainer.train(task(1), global);
    const d = out.weights.data.map((v, i) => v - global.data[i]);
    expect(out.weights.layout).toBe(global.layout);
    expect(Math.max(...d.map(Math.abs))).toBeLessThanOrEqual(1e-3 + 1e-6);
    expect(d.filter((v) => v !== 0).length).toBeGreaterThan(10_000 / 16 - 10);
    expect(d.filter((v) => v !== 0).length).toBeLessThanOrEqual(10_000 / 16);
    expect(Math.abs(d.reduce((s, v) => s + v, 0) / (d.length / 16))).toBeLessThan(1e-4);
    expect(out).toMatchObject({ numExamples: 7, proximalMu: 0, metrics: { loss: 0, accuracy: 0, examplesProcessed: 7 } });
  });

  it('is deterministic per task seed and differs between seeds', async () => {
    // The output buffer is reused between rounds: copy each result before the next call.
    const a = Array.from((await trainer.train(task(1), global)).weights.data);
    const b = Array.from((await trainer.train(task(1), global)).weights.data);
    const c = Array.from((await trainer.train(task(2), global)).weights.data);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('hands the uploader its result already serialized', async () => {
    const out = await trainer.train(task(3), global);
    const decoded = deserializeWeights(out.serialized!, global.layout);
    expect(Array.from(decoded.data)).toEqual(Array.from(out.weights.data));
  });

  it('does not evaluate', async () => {
    await expect(trainer.evaluate()).rejects.toThrow('echo mode does not evaluate');
  });
});
