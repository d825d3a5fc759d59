import { l2Norm } from './clip';
import { fwht, paddedDim, rotate, rotationSigns, unrotate } from './hadamard';
import { RandomBits, seededRandom } from './random-bits';

const seed = (b: number) => new Uint8Array(32).fill(b);

function randomVector(n: number, b: number): Float64Array {
  const rng = new RandomBits(seededRandom(seed(b)));
  return Float64Array.from({ length: n }, () => rng.unit() * 2 - 1);
}

describe('randomised Hadamard rotation', () => {
  it('pads to the next power of two', () => {
    expect([0, 1, 2, 3, 5, 1024, 1025].map(paddedDim)).toEqual([1, 1, 2, 4, 8, 1024, 2048]);
  });

  it.each([1, 7, 64, 1000])('is orthogonal: norm preserved and the inverse recovers the input (n = %p)', (n) => {
    const x = randomVector(n, n);
    const y = rotate(x, seed(42));
    expect(y.length).toBe(paddedDim(n));
    expect(l2Norm(y)).toBeCloseTo(l2Norm(x), 12);
    const back = unrotate(y, seed(42), n);
    for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(x[i], 12);
  });

  it('is linear, so the server can unrotate a sum of rotated vectors', () => {
    const a = randomVector(100, 1);
    const b = randomVector(100, 2);
    const ra = rotate(a, seed(7));
    const rb = rotate(b, seed(7));
    const sum = unrotate(ra.map((v, i) => v + rb[i]), seed(7), 100);
    for (let i = 0; i < 100; i++) expect(sum[i]).toBeCloseTo(a[i] + b[i], 12);
  });

  it('spreads a spike evenly: e₁ becomes ±1/√d everywhere', () => {
    const e1 = new Float64Array(256);
    e1[0] = 1;
    const y = rotate(e1, seed(3));
    for (const v of y) expect(Math.abs(v)).toBeCloseTo(1 / 16, 14);
  });

  it('signs depend on the round seed and are balanced', () => {
    const s1 = rotationSigns(seed(1), 4096);
    const s2 = rotationSigns(seed(2), 4096);
    expect(s1).not.toEqual(s2);
    expect(rotationSigns(seed(1), 4096)).toEqual(s1);
    const plus = s1.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
    expect(Math.abs(plus - 2048)).toBeLessThan(5 * 32);
  });

  it('the raw transform is its own inverse up to d and refuses non-powers of two', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(fwht(fwht(Float64Array.from(x))))).toEqual([4, 8, 12, 16]);
    expect(() => fwht(new Float64Array(3))).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => unrotate(new Float64Array(8), seed(1), 3)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
