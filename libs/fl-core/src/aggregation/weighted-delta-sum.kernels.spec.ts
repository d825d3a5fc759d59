import { MAX_MODEL_BYTES } from '@fl/protocol';
import { setKernelBackend } from '../kernels/backend';
import { accumulateJs } from '../kernels/js-kernels';
import { describeBackends, finiteF32, firstDifference, NON_FINITE, rngFor, withBad } from '../kernels/kernels.fixture';
import { trimKernelPool } from '../kernels/kernel-pool';
import { WasmKernels } from '../kernels/wasm-kernels';
import { ChunkAssembler, splitChunks } from '../transport/chunks';
import { deserializeWeights } from '../weights/deserialize';
import { serializeWeights } from '../weights/serialize';
import { WeightedDeltaSum } from './weighted-delta-sum';

/** Receives `x` the way the coordinator can: chunks → ChunkAssembler into an update buffer. */
function upload(sum: WeightedDeltaSum, x: Float32Array) {
  const bytes = serializeWeights({ layout: [{ name: 'w', shape: [x.length] }], data: x });
  const buffer = sum.updateBuffer(bytes.byteLength);
  const assembler = new ChunkAssembler(bytes.byteLength, 4096, bytes.byteLength, buffer);
  splitChunks(bytes, 4096).forEach((c, i, all) => assembler.add(i, all.length, c));
  return { buffer, bytes: assembler.bytes() };
}

/** `upload`, then deserializeWeights. */
function receive(sum: WeightedDeltaSum, x: Float32Array) {
  const { buffer, bytes } = upload(sum, x);
  return { buffer, weights: deserializeWeights(bytes, [{ name: 'w', shape: [x.length] }]) };
}

describe(WeightedDeltaSum.name, () => {
  afterEach(() => setKernelBackend('auto'));

  it.each([1, 3, 5, 6, 1001, 40001])('n = %i: wasm and JS sums are bit-identical to the reference loop, whatever the update source', (n) => {
    const rng = rngFor(n);
    const global = finiteF32(rng, n).map((v) => (Math.abs(v) > 1e30 ? 1 : v));
    const updates = Array.from({ length: 11 }, () => finiteF32(rng, n).map((v, i) => (Math.abs(v) > 1e30 ? global[i] : global[i] + v * 1e-2)));
    const weights = updates.map((_, k) => (k === 5 ? 1e-3 : 1 + rng.int(1000)));
    const reference = new Float64Array(n);
    updates.forEach((x, k) => accumulateJs(reference, x, global, weights[k]));

    const sums = (['js', 'wasm'] as const).map((backend) => {
      setKernelBackend(backend);
      const sum = new WeightedDeltaSum(global);
      updates.forEach((x, k) => {
        if (k % 4 === 0) sum.add(x, weights[k]); // JS heap
        else if (k % 4 === 1) {
          const { buffer, weights: w } = receive(sum, x); // update buffer, read in place
          sum.add(w.data, weights[k]);
          buffer.release();
        } else if (k % 4 === 2) {
          const { buffer, bytes } = upload(sum, x); // update buffer, decoded and added in one call
          expect(sum.addSerialized(bytes, weights[k], [{ name: 'w', shape: [n] }]).data.length).toBe(n);
          buffer.release();
        } else {
          const padded = new Float32Array(n + 1); // a subarray at a 4-byte (not 16-byte) offset
          padded.set(x, 1);
          sum.add(padded.subarray(1), weights[k]);
        }
      });
      expect(sum.count).toBe(11);
      return sum;
    });
    expect(firstDifference(sums[0].deltaSum, reference)).toBe(-1);
    expect(firstDifference(sums[1].deltaSum, reference)).toBe(-1);
  });

  describeBackends('backend', () => {
    it.each(NON_FINITE)('refuses an update holding %p with NON_FINITE and changes nothing, queued updates included', (bad) => {
      const n = 1001;
      const rng = rngFor(3);
      const global = finiteF32(rng, n);
      const good = [1, 2, 3].map(() => finiteF32(rng, n));
      const sum = new WeightedDeltaSum(global);
      sum.add(good[0], 2);
      sum.add(good[1], 3);
      for (const at of [0, 500, 1000]) {
        expect(() => sum.add(withBad(good[2], at, bad), 1)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining(`index ${at}`) }));
        const { buffer, weights } = receive(sum, good[2]);
        weights.data[at] = bad; // planted after decoding, so only add() can catch it
        expect(() => sum.add(weights.data, 1)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
        buffer.release();
      }
      expect(sum.count).toBe(2);
      expect(sum.weightSum).toBe(5);
      const reference = new Float64Array(n);
      accumulateJs(reference, good[0], global, 2);
      accumulateJs(reference, good[1], global, 3);
      expect(firstDifference(sum.deltaSum, reference)).toBe(-1);
    });

    it('addSerialized decodes and adds; any refusal adds nothing', () => {
      const n = 1001;
      const rng = rngFor(21);
      const global = finiteF32(rng, n);
      const x = finiteF32(rng, n);
      const layout = [{ name: 'w', shape: [n] }];
      const sum = new WeightedDeltaSum(global);
      const good = serializeWeights({ layout, data: x });
      const nan = good.slice();
      new Float32Array(nan.buffer, nan.byteLength - 4 * n, n)[7] = NaN;
      expect(() => sum.addSerialized(new Uint8Array(3), 0)).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' })); // weight first
      expect(() => sum.addSerialized(nan, 1, layout)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining('index 7') }));
      expect(() => sum.addSerialized(good, 1, [{ name: 'w', shape: [n - 1] }])).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
      expect(() => sum.addSerialized(serializeWeights({ layout: [{ name: 'w', shape: [3] }], data: new Float32Array(3) }), 1)).toThrow(
        expect.objectContaining({ code: 'WRONG_SHAPE' }),
      );
      expect([sum.count, sum.weightSum]).toEqual([0, 0]);
      expect(Array.from(sum.addSerialized(good, 2, layout).data)).toEqual(Array.from(x));
      const reference = new Float64Array(n);
      accumulateJs(reference, x, global, 2);
      expect(firstDifference(sum.deltaSum, reference)).toBe(-1);
      expect([sum.count, sum.weightSum]).toEqual([1, 2]);
    });

    it('recycles released update buffers and refuses bad sizes with INVALID_ARGUMENT', () => {
      const sum = new WeightedDeltaSum(new Float32Array(10));
      const a = sum.updateBuffer(1000);
      const aBytes = a.bytes();
      expect(aBytes.byteLength).toBe(1000);
      a.release();
      a.release(); // idempotent
      expect(a.released).toBe(true);
      expect(() => a.bytes()).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      const b = sum.updateBuffer(1000);
      expect(b.bytes().buffer).toBe(aBytes.buffer); // the same memory again
      expect(b.bytes().byteOffset).toBe(aBytes.byteOffset);
      expect(sum.updateBuffer(1000).bytes().byteOffset).not.toBe(aBytes.byteOffset); // b still holds it
      for (const bad of [0, -1, 1.5, NaN, MAX_MODEL_BYTES + 1])
        expect(() => sum.updateBuffer(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });

    it('dispose() ends the sum: counters still read, everything else refuses with INVALID_ARGUMENT', () => {
      const sum = new WeightedDeltaSum(Float32Array.of(1, 2, 3));
      sum.add(Float32Array.of(2, 2, 2), 4);
      const buffer = sum.updateBuffer(64);
      sum.dispose();
      sum.dispose(); // idempotent
      expect([sum.count, sum.weightSum]).toEqual([1, 4]);
      const refused = expect.objectContaining({ code: 'INVALID_ARGUMENT' });
      expect(() => sum.deltaSum).toThrow(refused);
      expect(() => sum.add(Float32Array.of(1, 1, 1), 1)).toThrow(refused);
      expect(() => sum.updateBuffer(64)).toThrow(refused);
      buffer.release(); // harmless after dispose
      expect(sum.count).toBe(1);
    });
  });

  describe('wasm backend', () => {
    beforeEach(() => setKernelBackend('wasm'));

    it('receives an upload straight into wasm memory, pins it until folded in, then reuses the region', () => {
      const n = 4099;
      const rng = rngFor(11);
      const global = finiteF32(rng, n);
      const x = finiteF32(rng, n);
      const sum = new WeightedDeltaSum(global);
      const { buffer, weights } = receive(sum, x);
      const region = buffer.bytes().byteOffset;
      expect(WasmKernels.ownerOf(weights.data)).toBeDefined(); // decoded in place, no copy
      sum.add(weights.data, 2);
      expect(() => buffer.bytes()).toThrow(/not yet folded/); // pinned while queued
      buffer.release(); // deferred until folded in
      expect(sum.updateBuffer(buffer.byteLength).bytes().byteOffset).not.toBe(region);
      const reference = new Float64Array(n);
      accumulateJs(reference, x, global, 2);
      expect(firstDifference(sum.deltaSum, reference)).toBe(-1); // folds the queue in, frees the region
      expect(sum.updateBuffer(buffer.byteLength).bytes().byteOffset).toBe(region);
    });

    it('dispose() hands the memory to the next sum: zeroed, old views detached, stale buffers harmless', () => {
      trimKernelPool();
      const n = 5000;
      const rng = rngFor(13);
      const first = new WeightedDeltaSum(finiteF32(rng, n));
      first.add(finiteF32(rng, n), 3);
      const view = first.deltaSum;
      const owner = WasmKernels.ownerOf(view);
      const stale = first.updateBuffer(4096);
      first.dispose();
      expect(view.length).toBe(0); // detached: an old reader cannot see the next round's data

      const global = finiteF32(rng, n);
      const x = finiteF32(rng, n);
      const second = new WeightedDeltaSum(global);
      expect(WasmKernels.ownerOf(second.deltaSum)).toBe(owner); // same instance, pages already touched
      expect(second.deltaSum.every((v) => v === 0)).toBe(true);
      const live = second.updateBuffer(4096);
      const region = live.bytes().byteOffset;
      expect(() => stale.bytes()).toThrow(/disposed/);
      stale.release(); // must not free `live`'s region
      expect(second.updateBuffer(4096).bytes().byteOffset).not.toBe(region);
      second.add(x, 0.5);
      const reference = new Float64Array(n);
      accumulateJs(reference, x, global, 0.5);
      expect(firstDifference(second.deltaSum, reference)).toBe(-1);
      second.dispose();
      expect(trimKernelPool()).toBe(1);
    });

    it('keeps the sum across memory growth: old views detach, deltaSum gives a fresh one', () => {
      const n = 1000;
      const rng = rngFor(12);
      const sum = new WeightedDeltaSum(finiteF32(rng, n));
      for (let k = 0; k < 6; k++) sum.add(finiteF32(rng, n), 1 + k);
      const before = sum.deltaSum;
      const copy = before.slice();
      for (let k = 0; k < 8; k++) sum.updateBuffer(1 << 20); // grows the memory
      expect(before.length).toBe(0);
      expect(firstDifference(sum.deltaSum, copy)).toBe(-1);
      expect(sum.toInput().deltaSum.length).toBe(n);
    });
  });
});
