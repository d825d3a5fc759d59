import { createQuantizer, quantizeWeighted, SecAggErrorCode } from '@fl/secagg';
import { checkWeightTotal, decodeSumInRange } from '@fl/secagg';
import { attackerWords, wrapOffset, coordinateWrapTarget, expectedHonest, inRangeMaxTarget, ringTop, weightWrapTarget, wordsForTarget } from './ring-attacks';

const R = 2 ** 32;
const sum = (vs: Uint32Array[]) => Uint32Array.from(vs[0], (_, j) => vs.reduce((a, v) => a + v[j], 0) % R);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('ring attacks', () => {
  const n = 5;
  const p = createQuantizer(1, n, 29);
  const top = ringTop(29);
  const honest = [[0.1, -0.2], [0.3, 0], [-0.05, 0.02], [0, 0.4]].map((x, i) => quantizeWeighted(x, 10 + i, 20, p).values);
  const others = sum(honest);
  const own = quantizeWeighted([0.2, 0.2], 20, 20, p).values;

  it('with the exact others, the unmasked sum hits the target (words chosen mod 2^32)', () => {
    const words = wordsForTarget(own, (j) => others[j], { coordinate: 123, weight: 1 });
    expect(Array.from(sum([...honest, words]))).toEqual([123, 123, 1]);
    const kept = wordsForTarget(own, (j) => others[j], { weight: 7 });
    expect(Array.from(kept.subarray(0, 2))).toEqual(Array.from(own.subarray(0, 2)));
  });

  it('weight wrap makes the weight total 1, which the weight check refuses', () => {
    const total = sum([...honest, wordsForTarget(own, (j) => others[j], weightWrapTarget(n, top))]);
    expect(total[2]).toBe(1);
    expect(codeOf(() => checkWeightTotal(total[2], 0.5 + 0.55 + 0.6 + 0.65 + 1, n, p))).toBe(SecAggErrorCode.WeightMismatch);
  });

  it('coordinate wrap puts every coordinate beyond the honest range, which the range check refuses', () => {
    const total = sum([...honest, wordsForTarget(own, (j) => others[j], coordinateWrapTarget(n, top))]);
    for (const v of total.subarray(0, 2)) expect(v).toBe(Math.floor((n * top + R) / 2));
    expect(codeOf(() => decodeSumInRange(total, n, p, 2))).toBe(SecAggErrorCode.OutOfRange);
  });

  it('the in-range maximum passes the range check at +n·c per coordinate', () => {
    const total = sum([...honest, wordsForTarget(own, (j) => others[j], inRangeMaxTarget(n, top))]);
    for (const v of decodeSumInRange(total, n, p, 2)) expect(v).toBeCloseTo(n, 6);
  });

  it('an edge-client attacker, estimating the others, is refused all the same', () => {
    const task = { bits: 29, nMax: n };
    const ww = sum([...honest, attackerWords('weight-wrap', own, task)]);
    expect(Array.from(ww.subarray(0, 2))).toEqual(Array.from(sum([...honest, own]).subarray(0, 2))); // coordinates honest
    expect(codeOf(() => checkWeightTotal(ww[2], 0.5 + 0.55 + 0.6 + 0.65 + 1, n, p))).toBe(SecAggErrorCode.WeightMismatch);
    const cw = sum([...honest, attackerWords('coordinate-wrap', own, task)]);
    expect(cw[2]).toBe(sum([...honest, own])[2]); // weight honest
    expect(codeOf(() => decodeSumInRange(cw, n, p, 2))).toBe(SecAggErrorCode.OutOfRange);
  });

  it('two colluders are refused whether both or only one of them is in the cohort (each aiming at the middle alone, two would cancel out)', () => {
    const task = { bits: 29, nMax: n };
    const three = honest.slice(0, 3);
    const twin = quantizeWeighted([0.1, -0.1], 20, 20, p).values;
    const together = sum([...three, attackerWords('coordinate-wrap', own, task, 2), attackerWords('coordinate-wrap', twin, task, 2)]);
    expect(codeOf(() => decodeSumInRange(together, n, p, 2))).toBe(SecAggErrorCode.OutOfRange);
    const one = sum([...honest, attackerWords('coordinate-wrap', own, task, 2)]);
    expect(codeOf(() => decodeSumInRange(one, n, p, 2))).toBe(SecAggErrorCode.OutOfRange);
    const alone = sum([...three, attackerWords('coordinate-wrap', own, task), attackerWords('coordinate-wrap', twin, task)]);
    expect(codeOf(() => decodeSumInRange(alone, n, p, 2))).toBeUndefined();
    const weights = sum([...three, attackerWords('weight-wrap', own, task, 2), attackerWords('weight-wrap', twin, task, 2)]);
    expect(codeOf(() => checkWeightTotal(weights[2], 0.5 + 0.55 + 0.6 + 1 + 1, n, p))).toBe(SecAggErrorCode.WeightMismatch);
    const oneWeight = sum([...honest, attackerWords('weight-wrap', own, task, 2)]);
    expect(codeOf(() => checkWeightTotal(oneWeight[2], 0.5 + 0.55 + 0.6 + 0.65 + 1, n, p))).toBe(SecAggErrorCode.WeightMismatch);
  });

  it('wrapOffset: every j ≤ k colluders put the centred sum beyond n·top; k = 1 is the middle of the window', () => {
    expect(wrapOffset(n, top, 1)).toBeCloseTo(R / 2, -5);
    for (const [m, bits, ks] of [[3, 30, [1]], [5, 29, [1, 2]], [10, 28, [1, 2]], [13, 28, [1]]] as const) {
      const t = ringTop(bits);
      for (const k of ks) {
        const x = wrapOffset(m, t, k);
        expect(x).not.toBeNull();
        for (let j = 1; j <= k; j++) expect(((m * t) / 2 + j * x!) % R).toBeGreaterThan(m * t);
      }
    }
    // The honest range fills the ring too much for two: 3 members (Q = 2^30) or 13 (Q = 2^28).
    expect([wrapOffset(3, ringTop(30), 2), wrapOffset(13, ringTop(28), 2)]).toEqual([null, null]);
  });

  it('expects (Q − 1)/2 per coordinate and a full weight from each honest member', () => {
    const e = expectedHonest(4, top, 3);
    expect([e(0), e(1), e(2)]).toEqual([Math.floor((4 * top) / 2), Math.floor((4 * top) / 2), 4 * top]);
  });
});
