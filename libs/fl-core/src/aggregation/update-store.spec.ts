import { serializeWeights } from '../weights/serialize';
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
});

