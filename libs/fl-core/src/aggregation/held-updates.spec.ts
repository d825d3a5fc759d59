import { serializeWeights } from '../weights/serialize';
import { UpdateBoundTally, type UpdateBoundPolicy } from '../bounds/update-bound';
import { setKernelBackend } from '../kernels/backend';
import { wasmSimdSupported } from '../kernels/simd-support';
import { createRng } from '../sampling/rng';
import { HeldUpdates } from './held-updates';
import { UpdateStore } from './update-store';

const layout3 = [{ name: 'w', shape: [3] }];
const bytes = (...x: number[]) => serializeWeights({ layout: layout3, data: Float32Array.from(x) });
const policy = (action: 'clip' | 'refuse'): UpdateBoundPolicy => ({ action, rule: 'median', norm: 1, multiple: 1, learningRate: 0.2, targetQuantile: 0.5 });
const backends = wasmSimdSupported() ? (['wasm', 'js'] as const) : (['js'] as const);

/** The factors a `median` tally gives the store's updates, keyed by client id. */
function settle(tally: UpdateBoundTally, norms: Array<{ clientId: string; norm: number }>): Map<string, number | null> {
  const f = tally.settle(norms.map((n) => n.norm));
  return new Map(norms.map((n, i) => [n.clientId, f[i]]));
}

describe.each(backends)(`${HeldUpdates.name} (%s kernels)`, (backend) => {
  beforeEach(() => setKernelBackend(backend));
  afterEach(() => setKernelBackend('auto'));
  const global = Float32Array.of(1, 2, 3);

  it('clips at the round median: norms 1, 2, 10 → bound 2, the 10-norm update scaled by 0.2 (known answer)', async () => {
    const h = new HeldUpdates(global);
    expect(h.backend).toBe(backend);
    // Δa = (1, 0, 0) ‖1‖; Δb = (0, 2, 0) ‖2‖; Δc = (6, 8, 0) ‖10‖; weights 1, 2, 3, arriving out of order.
    expect(h.addSerialized('c', bytes(7, 10, 3), 3, layout3)).toBe(10);
    expect(h.addSerialized('a', bytes(2, 2, 3), 1, layout3)).toBe(1);
    expect(h.addSerialized('b', bytes(1, 4, 3), 2, layout3)).toBe(2);
    const tally = new UpdateBoundTally(policy('clip'), 1);
    const factors = settle(tally, h.norms());
    expect([...factors]).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0.2],
    ]);
    expect(tally.counts).toMatchObject({ bound: 2, clipped: 1, refused: 0, measured: 3 });
    const input = await h.sum(factors);
    // 1·(1, 0, 0) + 2·(0, 2, 0) + 3·(1.2, 1.6, 0)
    expect(Array.from(input.deltaSum)).toEqual([expect.closeTo(4.6, 6), expect.closeTo(8.8, 6), 0]);
    expect(input).toMatchObject({ weightSum: 6, count: 3 });
    h.dispose();
  });

  it('refuse: the update above the median bound is dropped with its weight', async () => {
    const h = new HeldUpdates(global);
    h.addSerialized('c', bytes(7, 10, 3), 3, layout3);
    h.addSerialized('a', bytes(2, 2, 3), 1, layout3);
    h.addSerialized('b', bytes(1, 4, 3), 2, layout3);
    const tally = new UpdateBoundTally(policy('refuse'), 1);
    const factors = settle(tally, h.norms());
    expect(factors.get('c')).toBeNull();
    expect(tally.counts).toMatchObject({ bound: 2, clipped: 0, refused: 1 });
    const input = await h.sum(factors);
    expect(Array.from(input.deltaSum)).toEqual([1, 4, 0]);
    expect(input).toMatchObject({ weightSum: 3, count: 2 });
    h.dispose();
  });

  it.each(['clip', 'refuse'] as const)(
    '%s: the same sum, bit for bit, and the same counts as keeping Δ_k in an UpdateStore, scaling and summing it there',
    async (action) => {
      const n = 1031; // not a multiple of 4: the kernels' scalar tails run too
      const r = createRng(7);
  const rng = () => r.next();
      const g = Float32Array.from({ length: n }, () => rng() - 0.5);
      const layout = [{ name: 'w', shape: [n] }];
      const ids = Array.from({ length: 11 }, (_, k) => `client-${String(k).padStart(2, '0')}`); // 11: two passes of four, then three single updates
      const scales = ids.map((_, k) => (k === 4 ? 1e4 : 0.01 * (1 + (k % 5)))); // one huge update
      const uploads = ids.map((_, k) => serializeWeights({ layout, data: Float32Array.from(g, (v) => v + scales[k] * (rng() - 0.5)) }));
      const held = new HeldUpdates(g);
      const kept = new UpdateStore(g);
      for (const k of [3, 9, 0, 10, 1, 5, 2, 8, 4, 6, 7]) {
        held.addSerialized(ids[k], uploads[k], 5 + k, layout);
        kept.addSerialized(ids[k], uploads[k], 5 + k, layout);
      }
      const heldNorms = held.norms();
      const keptNorms = kept.norms();
      expect(heldNorms.map((x) => x.clientId)).toEqual(ids);
      heldNorms.forEach((x, i) => expect(Math.abs(x.norm - keptNorms[i].norm)).toBeLessThanOrEqual(1e-13 * keptNorms[i].norm));
      const heldTally = new UpdateBoundTally(policy(action), 1);
      const keptTally = new UpdateBoundTally(policy(action), 1);
      const heldFactors = settle(heldTally, heldNorms);
      const keptFactors = settle(keptTally, keptNorms);
      expect(heldTally.counts.clipped + heldTally.counts.refused).toBe(5); // above the median of 11
      expect(heldTally.counts).toMatchObject({ clipped: keptTally.counts.clipped, refused: keptTally.counts.refused });
      expect([...heldFactors.values()].map((f) => f === null)).toEqual([...keptFactors.values()].map((f) => f === null));
      const input = await held.sum(keptFactors);
      kept.scale(keptFactors);
      const reference = kept.toSumInput();
      expect(input.deltaSum).toEqual(reference.deltaSum);
      expect(input).toMatchObject({ weightSum: reference.weightSum, count: reference.count });
      held.dispose();
    },
  );

  it('refuses NaN/Inf (also x − x_t overflowing Float32), a wrong layout, a bad weight, a second update and one beyond its byte bound, holding nothing', () => {
    const h = new HeldUpdates(global, 2 * 12);
    expect(() => h.addSerialized('a', bytes(1, NaN, 1), 1, layout3)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining('index 1') }));
    const far = new HeldUpdates(Float32Array.of(0, -3e38, 0));
    expect(() => far.addSerialized('a', bytes(0, 3e38, 0), 1, layout3)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    far.dispose();
    expect(() => h.addSerialized('a', serializeWeights({ layout: [{ name: 'w', shape: [2] }], data: new Float32Array(2) }), 1, layout3)).toThrow(
      expect.objectContaining({ code: 'WRONG_SHAPE' }),
    );
    expect(() => h.addSerialized('a', bytes(1, 1, 1), 0, layout3)).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' }));
    h.addSerialized('a', bytes(1, 1, 1), 1, layout3);
    expect(() => h.addSerialized('a', bytes(1, 1, 1), 1, layout3)).toThrow(/already sent/);
    h.addSerialized('b', bytes(1, 1, 1), 1, layout3);
    expect(() => h.addSerialized('c', bytes(1, 1, 1), 1, layout3)).toThrow(expect.objectContaining({ code: 'OVERSIZED' }));
    expect(h.count).toBe(2);
    h.dispose();
    expect(h.count).toBe(0);
  });

  it('holds its own copy: the upload buffer may be reused as soon as the update is in', async () => {
    const h = new HeldUpdates(global);
    const upload = bytes(2, 3, 4);
    h.addSerialized('a', upload, 1, layout3);
    upload.fill(0);
    expect(Array.from((await h.sum(new Map())).deltaSum)).toEqual([1, 1, 1]);
    h.dispose();
  });

  it('awaits a turn between passes of four updates, and stops when disposed meanwhile', async () => {
    const h = new HeldUpdates(global);
    for (let k = 0; k < 9; k++) h.addSerialized(`c${k}`, bytes(1 + k, 2, 3), 1, layout3);
    let turns = 0;
    const input = await h.sum(new Map(), async () => void turns++);
    expect(turns).toBe(2);
    expect(input.deltaSum[0]).toBe(36);
    await expect(h.sum(new Map())).rejects.toThrow(/summed/);
    expect(() => h.addSerialized('late', bytes(1, 2, 3), 1, layout3)).toThrow(/summed/);
    h.dispose();

    const d = new HeldUpdates(global);
    for (let k = 0; k < 9; k++) d.addSerialized(`c${k}`, bytes(1 + k, 2, 3), 1, layout3);
    await expect(d.sum(new Map(), async () => d.dispose())).rejects.toThrow(/disposed/);
  });

  it('refuses a factor outside (0, 1] before forgetting anything: the store is as it was', async () => {
    const h = new HeldUpdates(global);
    h.addSerialized('a', bytes(1, 2, 3), 1, layout3); // Δa = 0
    h.addSerialized('b', bytes(2, 2, 3), 2, layout3); // Δb = (1, 0, 0)
    await expect(h.sum(new Map<string, number | null>([['b', null], ['a', 1.5]]))).rejects.toThrow(/factor must be in \(0, 1\]/);
    const input = await h.sum(new Map()); // b was not dropped by the refused call
    expect(input.weightSum).toBe(3);
    expect(input.count).toBe(2);
    expect(Array.from(input.deltaSum)).toEqual([2, 0, 0]);
    h.dispose();
  });
});

(wasmSimdSupported() ? it : it.skip)('HeldUpdates: wasm and js kernels give the same norms and sums, bit for bit', async () => {
  const n = 4099;
  const r = createRng(11);
  const rng = () => r.next();
  const g = Float32Array.from({ length: n }, () => rng() * 2 - 1);
  const layout = [{ name: 'w', shape: [n] }];
  const uploads = Array.from({ length: 6 }, (_, k) => serializeWeights({ layout, data: Float32Array.from(g, (v) => v + (k + 1) * (rng() - 0.5)) }));
  const run = async (backend: 'wasm' | 'js') => {
    setKernelBackend(backend);
    try {
      const h = new HeldUpdates(g);
      uploads.forEach((u, k) => h.addSerialized(`c${k}`, u, k + 1, layout));
      const norms = h.norms();
      const input = await h.sum(settle(new UpdateBoundTally(policy('clip'), 1), norms));
      const out = { norms, deltaSum: Float64Array.from(input.deltaSum) };
      h.dispose();
      return out;
    } finally {
      setKernelBackend('auto');
    }
  };
  const wasm = await run('wasm');
  const js = await run('js');
  expect(wasm.norms).toEqual(js.norms);
  expect(wasm.deltaSum).toEqual(js.deltaSum);
});
