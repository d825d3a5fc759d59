import { cloneStrategyState, strategyStateFromJSON, strategyStateToJSON } from './strategy-state';

describe(strategyStateFromJSON.name, () => {
  it('round-trips Float32 values exactly', () => {
    const s = { step: 3, tensors: { v: Float32Array.of(0.1, 1e-7, -3.4e38), m: Float32Array.of(Math.PI, 0, 0) } };
    expect(strategyStateFromJSON(JSON.parse(JSON.stringify(strategyStateToJSON(s))))).toEqual(s);
  });

  it.each([null, { step: -1, tensors: {} }, { step: 1.5, tensors: {} }, { step: 1 }, { step: 1, tensors: { m: [1, 'x'] } }, { step: 1, tensors: { m: [null] } }])(
    'refuses %p with BAD_STATE',
    (bad) => {
      expect(() => strategyStateFromJSON(bad)).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
    },
  );

  it('cloneStrategyState copies tensors', () => {
    const s = { step: 1, tensors: { m: Float32Array.of(1) } };
    const c = cloneStrategyState(s);
    c.tensors.m[0] = 2;
    expect(s.tensors.m[0]).toBe(1);
  });
});
