/**
 * Shamir over p = 2^521 − 1: a hand-computed known answer, every t-subset
 * rebuilds, fewer than t shares do not, point validation, fresh randomness,
 * and a rebuilt X25519 secret matches its public key (README.md "Tests").
 */
import nacl from 'tweetnacl';
import { bigIntToBytes, bytesToBigInt, shamirCombine, shamirSplit, SHAMIR_PRIME, SHARE_BYTES, type Share } from './shamir';
import { naclX25519PublicKey } from './x25519';
import { toHex } from '../util/bytes';

function subsets<T>(xs: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [h, ...rest] = xs;
  return [...subsets(rest, k - 1).map((s) => [h, ...s]), ...subsets(rest, k)];
}

/** A RandomSource that yields the given 66-byte field elements in order. */
function fixedCoefficients(values: bigint[]): (n: number) => Uint8Array {
  let i = 0;
  return (n) => {
    expect(n).toBe(SHARE_BYTES);
    return bigIntToBytes(values[i++], SHARE_BYTES);
  };
}

describe(shamirSplit.name, () => {
  it('matches a hand-computed polynomial: f(x) = 42 + 5x + 7x² (t = 3)', () => {
    const secret = bigIntToBytes(42n, 32);
    const shares = shamirSplit(secret, 3, [1, 2, 3, 4], fixedCoefficients([5n, 7n]));
    expect(shares.map((s) => bytesToBigInt(s.y))).toEqual([54n, 80n, 120n, 174n]);
    expect(bytesToBigInt(shamirCombine([shares[3], shares[0], shares[2]], 3))).toBe(42n);
  });

  it('reduces modulo p = 2^521 − 1', () => {
    const top = SHAMIR_PRIME - 1n;
    const [, s] = shamirSplit(bigIntToBytes(3n, 32), 2, [1, 2], fixedCoefficients([top]));
    expect(bytesToBigInt(s.y)).toBe((3n + 2n * top) % SHAMIR_PRIME);
    expect(bytesToBigInt(s.y)).toBe(1n);
  });

  it('rebuilds from every t-subset (n = 6, t = 4; n = 5, t = 3) and fails with fewer', () => {
    for (const [n, t] of [
      [6, 4],
      [5, 3],
    ]) {
      const secret = nacl.randomBytes(32);
      const shares = shamirSplit(secret, t, Array.from({ length: n }, (_, i) => i + 1));
      for (const sub of subsets(shares, t)) expect(toHex(shamirCombine(sub, t))).toBe(toHex(secret));
      for (const sub of subsets(shares, t - 1)) {
        expect(() => shamirCombine(sub, t)).toThrow(expect.objectContaining({ code: 'BELOW_THRESHOLD' }));
        // Interpolating t − 1 shares as if the threshold were t − 1 gives a wrong value (or none that fits 32 bytes).
        let rebuilt: string | null = null;
        try {
          rebuilt = toHex(shamirCombine(sub, t - 1));
        } catch (e) {
          expect(e).toMatchObject({ code: 'SHARE_MISMATCH' });
        }
        expect(rebuilt).not.toBe(toHex(secret));
      }
    }
  });

  it('rejects zero, duplicate and non-integer points, and bad thresholds', () => {
    const s = nacl.randomBytes(32);
    expect(() => shamirSplit(s, 2, [0, 1, 2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirSplit(s, 2, [1, 2, 2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirSplit(s, 2, [1, 2.5])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirSplit(s, 4, [1, 2, 3])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirSplit(s, 0, [1, 2, 3])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    const shares = shamirSplit(s, 2, [1, 2, 3]);
    const dup: Share[] = [shares[0], { x: 1, y: shares[1].y }];
    expect(() => shamirCombine(dup, 2)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirCombine([{ x: 0, y: shares[0].y }, shares[1]], 2)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => shamirCombine([shares[0], { x: 2, y: bigIntToBytes(SHAMIR_PRIME, SHARE_BYTES) }], 2)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });

  it('draws fresh coefficients: two splits of one secret differ', () => {
    const s = nacl.randomBytes(32);
    const a = shamirSplit(s, 3, [1, 2, 3]);
    const b = shamirSplit(s, 3, [1, 2, 3]);
    expect(toHex(a[0].y)).not.toBe(toHex(b[0].y));
  });

  it('a rebuilt s^SK matches its X25519 public key', () => {
    const sk = nacl.randomBytes(32);
    const shares = shamirSplit(sk, 3, [4, 9, 17, 23]);
    const rebuilt = shamirCombine([shares[1], shares[3], shares[0]], 3);
    expect(toHex(naclX25519PublicKey(rebuilt))).toBe(toHex(naclX25519PublicKey(sk)));
  });
});

describe('share bytes ⇄ BigInt (64 bits per step)', () => {
  const reference = (b: Uint8Array): bigint => b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);

  it('reads and writes big-endian at every length and byte offset, like the byte-at-a-time rule', () => {
    for (let len = 0; len <= 70; len++) {
      for (const offset of [0, 1, 3]) {
        const b = nacl.randomBytes(len + offset).subarray(offset);
        const v = reference(b);
        expect(bytesToBigInt(b)).toBe(v);
        expect(toHex(bigIntToBytes(v, len))).toBe(toHex(b));
      }
    }
    expect(toHex(bigIntToBytes(SHAMIR_PRIME, SHARE_BYTES))).toBe('01' + 'ff'.repeat(65));
    expect(toHex(bigIntToBytes(0n, 9))).toBe('00'.repeat(9));
  });

  it('refuses values that do not fit, and negative values', () => {
    expect(() => bigIntToBytes(1n << 64n, 8)).toThrow(expect.objectContaining({ code: 'SHARE_MISMATCH' }));
    expect(() => bigIntToBytes(SHAMIR_PRIME, 65)).toThrow(expect.objectContaining({ code: 'SHARE_MISMATCH' }));
    expect(() => bigIntToBytes(-1n, 66)).toThrow(expect.objectContaining({ code: 'SHARE_MISMATCH' }));
  });

  it('shares evaluated with one final reduction equal Horner with a reduction per step, at points up to 2^32 − 1', () => {
    const t = 34;
    const coeffs = Array.from({ length: t - 1 }, () => bytesToBigInt(nacl.randomBytes(SHARE_BYTES)) % SHAMIR_PRIME);
    const secret = nacl.randomBytes(32);
    const xs = [1, 2, 50, 2 ** 31, 2 ** 32 - 1, ...Array.from({ length: t }, (_, i) => 1000 + i)];
    const shares = shamirSplit(secret, t, xs, fixedCoefficients(coeffs));
    const all = [bytesToBigInt(secret), ...coeffs];
    xs.forEach((x, j) => {
      let y = 0n;
      for (let i = all.length - 1; i >= 0; i--) y = (y * BigInt(x) + all[i]) % SHAMIR_PRIME;
      expect(bytesToBigInt(shares[j].y)).toBe(y);
    });
  });
});
