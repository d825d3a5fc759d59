import { serializeWeights } from '../weights/serialize';
import { UpdateBoundTally } from '../bounds/update-bound';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { UpdateStore } from './update-store';

const layout = [{ name: 'w', shape: [3] }];
const bytes = (...x: number[]) => serializeWeights({ layout, data: Float32Array.from(x) });

describe(UpdateStore.name, () => {
  const global = Float32Array.of(1, 2, 3);

  it('keeps Δ_k = x_k − x_t per client, ordered by client id whatever the arrival order', () => {
    const a = new UpdateStore(global);
    a.addSerialized('b', bytes(2, 2, 2), 5, layout);
    a.addSerialized('a', bytes(1, 1, 1), 1, layout);
    const input = a.toInput();
    expect(input.updates!.map((u) => Array.from(u))).toEqual([
      [0, -1, -2],
      [1, 0, -1],
    ]);
    expect(input).toMatchObject({ count: 2, weightSum: 6 });
    expect(input.deltaSum.length).toBe(0);
    expect(input.updates!.every((u) => u.byteOffset === 0 && u.buffer.byteLength === u.byteLength)).toBe(true);
  });

  it('refuses NaN/Inf, a wrong layout, a second update from a client and updates beyond its byte bound, keeping nothing', () => {
    const s = new UpdateStore(global, 2 * 12);
    expect(() => s.addSerialized('a', bytes(1, NaN, 1), 1, layout)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => s.addSerialized('a', serializeWeights({ layout: [{ name: 'w', shape: [2] }], data: new Float32Array(2) }), 1, layout)).toThrow(
      expect.objectContaining({ code: 'WRONG_SHAPE' }),
    );
    expect(() => s.addSerialized('a', bytes(1, 1, 1), 0, layout)).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' }));
    s.addSerialized('a', bytes(1, 1, 1), 1, layout);
    expect(() => s.addSerialized('a', bytes(1, 1, 1), 1, layout)).toThrow(/already sent/);
    s.addSerialized('b', bytes(1, 1, 1), 1, layout);
    expect(() => s.addSerialized('c', bytes(1, 1, 1), 1, layout)).toThrow(expect.objectContaining({ code: 'OVERSIZED' }));
    expect(s.count).toBe(2);
    s.dispose();
    expect(s.count).toBe(0);
  });

  it('applies a norm bound to Δ before keeping it: scaled by the factor, refused on null, and told the true norm', () => {
    const s = new UpdateStore(global);
    const seen: number[] = [];
    // Δ = (3, 4, 0): norm 5; bound 1 → factor 0.2
    s.addSerialized('a', bytes(4, 6, 3), 1, layout, (norm) => (seen.push(norm), 1 / norm));
    expect(seen).toEqual([5]);
    expect(Array.from(s.toInput().updates![0])).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6), 0]);
    expect(() => s.addSerialized('b', bytes(4, 6, 3), 1, layout, () => null)).toThrow(expect.objectContaining({ code: 'UPDATE_TOO_LARGE' }));
    expect(s.toInput().count).toBe(1);
  });

  it('bounds the kept updates by the round\'s own median norm, then sums them with their weights (known answer)', () => {
    const s = new UpdateStore(global);
    // Δ: a (3, 4, 0) ‖5‖ w 1; b (0, 1, 0) ‖1‖ w 2; c (6, 8, 0) ‖10‖ w 1; d (−300, −400, 0) ‖500‖ w 100 (the outlier).
    s.addSerialized('d', bytes(-299, -398, 3), 100, layout);
    s.addSerialized('a', bytes(4, 6, 3), 1, layout);
    s.addSerialized('c', bytes(7, 10, 3), 1, layout);
    s.addSerialized('b', bytes(1, 3, 3), 2, layout);
    const norms = s.norms();
    expect(norms).toEqual([
      { clientId: 'a', norm: 5 },
      { clientId: 'b', norm: 1 },
      { clientId: 'c', norm: 10 },
      { clientId: 'd', norm: 500 },
    ]);
    // Median (5 + 10) / 2 = 7.5: c is scaled by 0.75 to (4.5, 6, 0), d by 0.015 to (−4.5, −6, 0).
    const t = new UpdateBoundTally({ action: 'clip', rule: 'median', norm: 100, multiple: 1, targetQuantile: 0.5, learningRate: 0.2 }, 100);
    const f = t.settle(norms.map((n) => n.norm));
    expect(f).toEqual([1, 1, 0.75, 0.015]);
    s.scale(new Map(norms.map((n, i) => [n.clientId, f[i]])));
    const sum = s.toSumInput();
    // (3, 4) + 2·(0, 1) + (4.5, 6) + 100·(−4.5, −6) = (−442.5, −588)
    expect(Array.from(sum.deltaSum)).toEqual([expect.closeTo(-442.5, 3), expect.closeTo(-588, 3), 0]);
    expect(sum).toMatchObject({ weightSum: 104, count: 4 });
    // Dropping d (null) takes its weight out; a factor outside (0, 1] is refused.
    s.scale(new Map([['d', null]]));
    expect(Array.from(s.toSumInput().deltaSum)).toEqual([7.5, 12, 0]);
    expect(s.toSumInput()).toMatchObject({ weightSum: 4, count: 3 });
    expect(() => s.scale(new Map([['a', 2]]))).toThrow(InvalidArgumentError);
  });
});
