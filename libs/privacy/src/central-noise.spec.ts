import { addGaussianNoise } from './central-noise';
import { RandomBits, seededRandom } from './random-bits';

const seeded = (b: number) => new RandomBits(seededRandom(new Uint8Array(32).fill(b)));

describe('addGaussianNoise', () => {
  it('has mean 0 and the requested variance (200k draws, within 1 %)', () => {
    const x = addGaussianNoise(new Float64Array(200_001), 3, seeded(1));
    let s = 0;
    let s2 = 0;
    for (const v of x) {
      s += v;
      s2 += v * v;
    }
    const mean = s / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(s2 / x.length / 9).toBeGreaterThan(0.99);
    expect(s2 / x.length / 9).toBeLessThan(1.01);
  });

  it('adds to what is there, leaves it alone at 0 and refuses a bad stddev', () => {
    const x = Float64Array.of(5, 5, 5);
    expect([...addGaussianNoise(x, 0)]).toEqual([5, 5, 5]);
    expect(() => addGaussianNoise(x, -1)).toThrow(/stddev/);
    expect(() => addGaussianNoise(x, Number.NaN)).toThrow(/stddev/);
  });
});
