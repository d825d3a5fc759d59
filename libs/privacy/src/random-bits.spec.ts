import { RandomBits, platformRandom, seededRandom } from './random-bits';
import { isqrt, rational, ratio } from './rational';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('byte sources', () => {
  it('seededRandom is the RFC 8439 ChaCha20 keystream (A.1 test vector 1: zero key, zero nonce, block 0, then block 1)', () => {
    const src = seededRandom(new Uint8Array(32));
    expect(hex(src(64))).toBe(
      '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586',
    );
    expect(hex(src(16))).toBe('9f07e7be5551387a98ba977c732d080d'); // A.1 test vector 2 begins with block 1
  });

  it('platformRandom gives fresh bytes, also beyond one getRandomValues call', () => {
    const a = platformRandom(70000);
    expect(a).toHaveLength(70000);
    expect(hex(a.subarray(65536, 65600))).not.toBe(hex(new Uint8Array(64)));
    expect(hex(platformRandom(32))).not.toBe(hex(platformRandom(32)));
  });
});

describe('RandomBits', () => {
  it('below(n) is uniform and in range, including n that does not divide 2^32', () => {
    const rng = new RandomBits(seededRandom(new Uint8Array(32).fill(9)));
    const n = 3;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[rng.below(n)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(5 * Math.sqrt(30000 * (1 / 3) * (2 / 3)));
    for (let i = 0; i < 1000; i++) expect(rng.below(1)).toBe(0);
  });

  it('belowBig covers ranges wider than 32 bits and stays below the bound', () => {
    const rng = new RandomBits(seededRandom(new Uint8Array(32).fill(1)));
    const n = 2n ** 70n + 12345n;
    let high = 0;
    for (let i = 0; i < 2000; i++) {
      const r = rng.belowBig(n);
      expect(r >= 0n && r < n).toBe(true);
      if (r >= 2n ** 69n) high++;
    }
    expect(high).toBeGreaterThan(800); // about half land in the top half
  });

  it('seeded sources are reproducible and differ by key; unit() is in [0, 1)', () => {
    const a = new RandomBits(seededRandom(new Uint8Array(32)));
    const b = new RandomBits(seededRandom(new Uint8Array(32)));
    const c = new RandomBits(seededRandom(new Uint8Array(32).fill(1)));
    const xs = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(xs);
    for (let i = 0; i < 1000; i++) {
      const u = a.unit();
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(() => seededRandom(new Uint8Array(16))).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe('rationals', () => {
  it('converts numbers exactly and reduces', () => {
    expect(rational(0.75)).toEqual({ num: 3n, den: 4n });
    expect(rational(5)).toEqual({ num: 5n, den: 1n });
    expect(ratio(6n, 4n)).toEqual({ num: 3n, den: 2n });
    const r = rational(0.1);
    expect(Number(r.num) / Number(r.den)).toBe(0.1);
    expect(() => rational(-1)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => rational(Infinity)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it('isqrt is the exact floor square root, also beyond double precision', () => {
    for (const x of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 30n, 10n ** 30n - 1n, 2n ** 1100n + 7n]) {
      const r = isqrt(x);
      expect(r * r <= x && (r + 1n) * (r + 1n) > x).toBe(true);
    }
  });
});
