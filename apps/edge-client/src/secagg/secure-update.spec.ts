import type { RoundTask, SecureTaskParams } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { createQuantizer, decodeWeightedMean, nodeSecureRandom, quantizeWeighted } from '@fl/secagg/node';
import { EchoTrainer } from '../trainers/echo-trainer';
import type { TrainOutcome } from '../trainers/local-trainer';
import { encodeSecureUpdate, updateDelta } from './secure-update';
import { ringSum } from './testing/hub';

const layout = [
  { name: 'dense/kernel', shape: [40, 5] },
  { name: 'dense/bias', shape: [5] },
];
const P = 205;

/** Deterministic pseudo-random values in [−a, a). */
function values(seed: number, n: number, a: number, offset = 0): Float32Array {
  let x = seed * 2654435761 || 1;
  return Float32Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return offset + ((x >>> 0) / 2 ** 32 - 0.5) * 2 * a;
  });
}

const global: ModelWeights = { layout, data: values(1, P, 1) };

function trained(seed: number, numExamples: number, scale = 0.05): TrainOutcome {
  const d = values(seed + 100, P, scale);
  return {
    weights: { layout, data: global.data.map((g, i) => g + d[i]) },
    numExamples,
    metrics: { loss: 0.3, accuracy: 0.9, examplesProcessed: numExamples, seconds: 0.2 },
    proximalMu: 0,
  };
}

const params = (over: Partial<SecureTaskParams> = {}): SecureTaskParams => ({ threatModel: 'active', clip: 0.1, bits: 20, nMax: 16, weightCap: 1000, vectorLength: P + 1, ...over });

describe(encodeSecureUpdate.name, () => {
  it('rounds with fresh CSPRNG bytes by default (nodeSecureRandom), unbiased; an injected source is used instead', () => {
    // Prepare: numExamples = weightCap, so w = 1 and only the delta words are rounded
    const out = trained(7, 1000);
    const p = params({ bits: 8 });
    const fixed = (n: number): Uint8Array => new Uint8Array(n).fill(0x80);
    // Execute
    const a = encodeSecureUpdate(global, out, p);
    const b = encodeSecureUpdate(global, out, p);
    const c = encodeSecureUpdate(global, out, p, fixed);
    const d = encodeSecureUpdate(global, out, p, fixed);
    // Assert: fresh randomness by default, deterministic under an injected source
    expect(Array.from(a.values)).not.toEqual(Array.from(b.values));
    expect(Array.from(c.values)).toEqual(Array.from(d.values));
    expect(typeof nodeSecureRandom).toBe('function');
    // Unbiased: the mean of many default encodings approaches the delta
    const q = createQuantizer(p.clip, p.nMax, p.bits);
    const runs = 200;
    const acc = new Float64Array(P);
    for (let r = 0; r < runs; r++) {
      const { mean } = decodeWeightedMean(encodeSecureUpdate(global, out, p).values, 1, q);
      for (let i = 0; i < P; i++) acc[i] += mean[i] / runs;
    }
    const delta = updateDelta(global, out.weights);
    const step = (2 * p.clip) / (2 ** p.bits - 1);
    let err = 0;
    for (let i = 0; i < P; i++) err += (acc[i] - delta[i]) / P;
    // the mean error over P·runs independent roundings: 5 standard errors (each ≤ step/2)
    expect(Math.abs(err)).toBeLessThan((5 * step) / 2 / Math.sqrt(P * runs)); // w = 1: the weight word is exact
  });

  it('is quantizeWeighted of updateDelta, word for word under the same draws (the fused encoder changes nothing)', () => {
    const p = params({ clip: 0.03 }); // some coordinates clipped
    const q = createQuantizer(p.clip, p.nMax, p.bits);
    for (const [seed, examples] of [
      [1, 250],
      [2, 5000],
    ]) {
      const out = trained(seed, examples, 0.2);
      const draws = nodeSecureRandom(4 * P + 4);
      const replay = () => {
        let at = 0;
        return (n: number) => draws.slice(at, (at += n));
      };
      const enc = encodeSecureUpdate(global, out, p, replay());
      const want = quantizeWeighted(updateDelta(global, out.weights), examples, p.weightCap, q, replay(), { wasm: false });
      expect(Buffer.from(enc.values.buffer).equals(Buffer.from(want.values.buffer))).toBe(true);
      expect(enc.clipFraction).toBe(want.clipFraction);
      expect(enc.clipFraction).toBeGreaterThan(0);
      expect(enc.weight).toBe(want.weight);
    }
  });

  it('encodes the delta to the global model, weighted, with the weight word appended', () => {
    // Prepare
    const out = trained(1, 250);
    const p = params();
    // Execute
    const enc = encodeSecureUpdate(global, out, p);
    // Assert
    expect(enc.values).toBeInstanceOf(Uint32Array);
    expect(enc.values.length).toBe(p.vectorLength);
    expect(enc).toMatchObject({ numExamples: 250, metrics: out.metrics, clipFraction: 0, weight: 0.25 });
    const q = createQuantizer(p.clip, p.nMax, p.bits);
    const { mean, weightSum } = decodeWeightedMean(enc.values, 1, q);
    const step = (2 * p.clip) / (2 ** p.bits - 1);
    expect(Math.abs(weightSum - 0.25)).toBeLessThanOrEqual(1 / (2 ** p.bits - 1));
    const delta = updateDelta(global, out.weights);
    for (let i = 0; i < P; i++) expect(Math.abs(mean[i] - delta[i])).toBeLessThan((2 * step) / 0.25 + 1e-6);
  });

  it('decodes the sum of several clients to the FedAvg weighted mean of their deltas, within the quantisation bound', () => {
    // Prepare: 5 clients, example counts below the cap so w_k ∝ n_k (plain FedAvg)
    const p = params();
    const q = createQuantizer(p.clip, p.nMax, p.bits);
    const counts = [100, 300, 50, 500, 999];
    const outs = counts.map((n, k) => trained(k + 1, n));
    // Execute
    const encoded = outs.map((o) => encodeSecureUpdate(global, o, p));
    const { mean, weightSum } = decodeWeightedMean(ringSum(encoded.map((e) => e.values), p.vectorLength), counts.length, q);
    // Assert
    const deltas = outs.map((o) => updateDelta(global, o.weights));
    const total = counts.reduce((a, b) => a + b, 0);
    const step = (2 * p.clip) / (2 ** p.bits - 1);
    const W = total / p.weightCap;
    expect(Math.abs(weightSum - W)).toBeLessThanOrEqual(counts.length / (2 ** p.bits - 1));
    // |Σw x + e1| / |Σw + e2| with |e1| ≤ n·step, |e2| ≤ n/(Q − 1)
    const bound = (counts.length * step + counts.length / (2 ** p.bits - 1)) / (W - counts.length / (2 ** p.bits - 1));
    let worst = 0;
    for (let i = 0; i < P; i++) {
      const fedAvg = deltas.reduce((s, d, k) => s + counts[k] * d[i], 0) / total;
      worst = Math.max(worst, Math.abs(mean[i] - fedAvg));
    }
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(0);
  });

  it('caps the weight at weightCap examples and reports the clipped fraction', () => {
    const out = trained(3, 5000, 0.2); // |δ| up to 0.2 with clip 0.1: about half clipped
    const enc = encodeSecureUpdate(global, out, params());
    expect(enc.weight).toBe(1);
    expect(enc.clipFraction).toBeGreaterThan(0.3);
    expect(enc.clipFraction).toBeLessThan(0.7);
  });

  it('refuses a vectorLength that is not the parameter count + 1, with a clear error', () => {
    expect(() => encodeSecureUpdate(global, trained(1, 10), params({ vectorLength: P }))).toThrow(
      expect.objectContaining({ code: 'SECURE_ENCODING', message: expect.stringContaining(`expects ${P} ring words but the model has ${P} parameters`) }),
    );
  });

  it('refuses trained weights of another shape', () => {
    const out = trained(1, 10);
    out.weights = { layout: [{ name: 'w', shape: [P - 1] }], data: new Float32Array(P - 1) };
    expect(() => encodeSecureUpdate(global, out, params())).toThrow(expect.objectContaining({ code: 'SECURE_ENCODING' }));
  });

  it('refuses parameters that overflow the ring (library check)', () => {
    expect(() => encodeSecureUpdate(global, trained(1, 10), params({ bits: 31, nMax: 4 }))).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
  });

  it('encodes the echo trainer output: a tiny delta, nothing clipped', async () => {
    const echo = new EchoTrainer({ name: 'synthetic', numExamples: 40 }, 1e-3);
    const out = await echo.train({ seed: 5 } as RoundTask, global);
    const enc = encodeSecureUpdate(global, out, params({ clip: 0.01 }));
    expect(enc.clipFraction).toBe(0);
    const { mean } = decodeWeightedMean(enc.values, 1, createQuantizer(0.01, 16, 20));
    const delta = updateDelta(global, out.weights);
    expect(Math.max(...delta.map(Math.abs))).toBeLessThanOrEqual(1e-3 + 1e-6);
    expect(Math.max(...mean.map((m, i) => Math.abs(m - delta[i])))).toBeLessThan(1e-6);
  });
});
