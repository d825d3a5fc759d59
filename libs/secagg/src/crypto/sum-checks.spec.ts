import { SecAggErrorCode } from '../errors';
import { createQuantizer, decodeSum, quantizeWeighted } from './quantize';
import { checkWeightTotal, decodeSumInRange } from './sum-checks';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('decodeSumInRange (centred decoding + range check)', () => {
  it('decodes the ends and the middle of the honest range exactly', () => {
    const p = createQuantizer(0.5, 4, 30); // Q − 1 = 2^30 − 1, n·(Q − 1) = 2^32 − 4
    const top = 2 ** 30 - 1;
    const out = decodeSumInRange(Uint32Array.of(0, 4 * top, 2 * top, top), 4, p);
    expect(Array.from(out)).toEqual([-2, 2, 0, -1]); // ±n·c, 0, −(n/2)·c
  });

  it('equals decodeSum on an honest sum of weighted encodings', () => {
    const p = createQuantizer(1, 5, 29);
    const xs = [[0.3, -0.9, 2], [-1, 0.1, 0], [0.5, 0.5, -3], [0.01, -0.02, 0.03], [1, 1, 1]];
    const sum = new Uint32Array(4);
    for (const [i, x] of xs.entries()) {
      const q = quantizeWeighted(x, 10 + i, 14, p).values;
      for (let j = 0; j < 4; j++) sum[j] = (sum[j] + q[j]) >>> 0;
    }
    const got = decodeSumInRange(sum, 5, p, 3);
    const want = decodeSum(sum, 5, p, 3);
    for (let j = 0; j < 3; j++) expect(got[j]).toBeCloseTo(want[j], 9);
  });

  it('refuses a wrap-around choice beyond ±n·c (4 members: only the last 3 ring values; 5 members: most of the ring above 5c)', () => {
    const p4 = createQuantizer(1, 4, 30);
    expect(codeOf(() => decodeSumInRange(Uint32Array.of(0, 4 * (2 ** 30 - 1)), 4, p4))).toBeUndefined();
    expect(codeOf(() => decodeSumInRange(Uint32Array.of(0, 2 ** 32 - 3), 4, p4))).toBe(SecAggErrorCode.OutOfRange);
    const p5 = createQuantizer(1, 5, 29);
    // The top of the ring would decode to 16c − 5c = 11c under the offset decoding (a mean of 2.2 c per member).
    expect(decodeSum(Uint32Array.of(2 ** 32 - 1), 5, p5)[0]).toBeCloseTo(11, 6);
    expect(codeOf(() => decodeSumInRange(Uint32Array.of(2 ** 32 - 1), 5, p5))).toBe(SecAggErrorCode.OutOfRange);
    expect(codeOf(() => decodeSumInRange(Uint32Array.of(5 * (2 ** 29 - 1) + 1), 5, p5))).toBe(SecAggErrorCode.OutOfRange);
    expect(codeOf(() => decodeSumInRange(Uint32Array.of(0), 6, p5))).toBe(SecAggErrorCode.Overflow);
  });
});

describe('checkWeightTotal', () => {
  const p = createQuantizer(1, 4, 30);
  const top = 2 ** 30 - 1;
  it('accepts the declared total within one rounding step per survivor', () => {
    expect(() => checkWeightTotal(2 * top + 4, 2, 4, p)).not.toThrow();
    expect(() => checkWeightTotal(2 * top - 4, 2, 4, p)).not.toThrow();
  });
  it('refuses words that add up to anything else (the weight-wrap attack: a total of 1)', () => {
    expect(codeOf(() => checkWeightTotal(1, 4, 4, p))).toBe(SecAggErrorCode.WeightMismatch);
    expect(codeOf(() => checkWeightTotal(2 * top + 5, 2, 4, p))).toBe(SecAggErrorCode.WeightMismatch);
    expect(codeOf(() => checkWeightTotal(0, 5, 4, p))).toBe(SecAggErrorCode.InvalidParams);
  });
});
