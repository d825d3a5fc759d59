import { chooseBits, checkFit, logOverflowProbability, overflowProbability, sumVarianceProxy, type FitParams } from './fit';
import { PrivacyErrorCode } from './errors';

const p: FitParams = { clients: 100, dim: 65536, clip: 1, scale: 300, localStddev: 20 };

describe('modulus fit check', () => {
  it('the variance proxy is (n·c·s)²/d + n·(¼ + σ²)', () => {
    expect(sumVarianceProxy(p)).toBeCloseTo((100 * 300) ** 2 / 65536 + 100 * (0.25 + 400), 9);
  });

  it('chooseBits picks the smallest width that fits, and one bit less is refused with a clear error', () => {
    const b = chooseBits(p);
    expect(overflowProbability(p, b)).toBeLessThanOrEqual(1e-9);
    expect(overflowProbability(p, b - 1)).toBeGreaterThan(1e-9);
    expect(() => checkFit(p, b)).not.toThrow();
    expect(() => checkFit(p, b - 1)).toThrow(expect.objectContaining({ code: PrivacyErrorCode.ModulusTooSmall, message: expect.stringContaining(`needs at least ${b} bits`) }));
  });

  it('refuses an undersized modulus (a cohort of 10,000 at 16 bits)', () => {
    expect(() => checkFit({ ...p, clients: 10000 }, 16)).toThrow(expect.objectContaining({ code: PrivacyErrorCode.ModulusTooSmall }));
  });

  it('says so when nothing up to 32 bits fits', () => {
    expect(() => chooseBits({ ...p, scale: 1e9 })).toThrow(expect.objectContaining({ code: PrivacyErrorCode.ModulusTooSmall, message: expect.stringContaining('no modulus up to 32 bits') }));
  });

  it('needs more bits for more clients, more noise, a larger scale and a stricter probability', () => {
    const b = chooseBits(p);
    expect(chooseBits({ ...p, clients: 1000 })).toBeGreaterThan(b);
    expect(chooseBits({ ...p, localStddev: 2000 })).toBeGreaterThan(b);
    expect(chooseBits({ ...p, scale: 30000 })).toBeGreaterThan(b);
    expect(chooseBits(p, 1e-30)).toBeGreaterThan(b);
  });

  it('refuses bad inputs', () => {
    expect(() => checkFit(p, 0)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => checkFit({ ...p, clients: 0 }, 20)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => chooseBits(p, 0)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it("adaptive clipping's count coordinate: ±a per client must fit too (n·a near 2^(b−1) overflows)", () => {
    const p = { clients: 100, dim: 1024, clip: 1, scale: 128, localStddev: 40 };
    const plain = logOverflowProbability(p, 20);
    expect(logOverflowProbability({ ...p, countAmplitude: 30 }, 20)).toBeGreaterThanOrEqual(plain);
    expect(logOverflowProbability({ ...p, countAmplitude: 30 }, 20)).toBeLessThan(Math.log(1e-9));
    expect(logOverflowProbability({ ...p, countAmplitude: 2 ** 19 / 100 }, 20)).toBe(0); // n·a = 2^(b−1): certain
  });
});
