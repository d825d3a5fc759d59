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
});
