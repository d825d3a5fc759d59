/**
 * Reconstruction from every share received: consistent shares give the secret;
 * a corrupt share is outvoted when a clear majority of the shares agree
 * (m − t ≥ 2), wherever it sits; otherwise no value at all, never a wrong one.
 * Also: a corruption crafted so that t shares give a *valid but wrong* 32-byte
 * secret (which `shamirCombine` over the first t returns silently) is caught.
 */
import nacl from 'tweetnacl';
import { toHex } from '../util/bytes';
import { shiftShare } from '../testing/shares';
import { bigIntToBytes, bytesToBigInt, mod, shamirCombine, shamirSplit, SHAMIR_PRIME, SHARE_BYTES, type Share } from './shamir';
import { MAX_BASES, ShamirRecoverer, shamirRecover } from './shamir-robust';

const points = (m: number, from = 1): number[] => Array.from({ length: m }, (_, i) => from + i);

/** Moves the value interpolated at 0 from the first t shares by Δ (testing/shares). */
const craftShift = (shares: readonly Share[], i: number, t: number, delta = 1n): Share => ({
  x: shares[i].x,
  y: shiftShare(shares[i].y, shares[i].x, shares.slice(0, t).map((s) => s.x), delta),
});

const corrupt = (s: Share): Share => ({ x: s.x, y: bigIntToBytes(mod(bytesToBigInt(s.y) + 12345n), SHARE_BYTES) });

describe(shamirRecover.name, () => {
  it('returns the secret when every share agrees, for every t ≤ m ≤ 8', () => {
    for (let m = 1; m <= 8; m++) {
      for (let t = 1; t <= m; t++) {
        const secret = nacl.randomBytes(32);
        const r = shamirRecover(shamirSplit(secret, t, points(m, 3)), t);
        expect(r).toEqual({ ok: true, secret, rejected: [] });
      }
    }
  });

  it('outvotes one corrupt share at any position iff m − t ≥ 2, and otherwise returns no value', () => {
    for (let m = 2; m <= 9; m++) {
      for (let t = 1; t < m; t++) {
        const secret = nacl.randomBytes(32);
        const shares = shamirSplit(secret, t, points(m, 5));
        for (let bad = 0; bad < m; bad++) {
          const tampered = shares.map((s, j) => (j === bad ? corrupt(s) : s));
          const r = shamirRecover(tampered, t);
          if (m - t >= 2) expect(r).toEqual({ ok: true, secret, rejected: [shares[bad].x] });
          else expect(r).toMatchObject({ ok: false, suspects: points(m, 5) }); // m = t + 1: cannot tell which
        }
      }
    }
  });

  it('catches a corruption crafted to give a valid but wrong secret from the first t shares', () => {
    const secret = nacl.randomBytes(32);
    secret[0] &= 0x7f; // so that secret + 1 still fits 32 bytes
    const t = 7;
    const shares = shamirSplit(secret, t, points(10));
    const tampered = shares.map((s, j) => (j === 2 ? craftShift(shares, 2, t) : s));
    const wrong = shamirCombine(tampered, t); // the first t only: silently wrong
    expect(toHex(wrong)).not.toBe(toHex(secret));
    expect(bytesToBigInt(wrong)).toBe(bytesToBigInt(secret) + 1n);
    expect(shamirRecover(tampered, t)).toEqual({ ok: true, secret, rejected: [3] });
    expect(shamirRecover(tampered.slice(0, t + 1), t)).toMatchObject({ ok: false }); // one extra share detects, cannot correct
  });

  it('outvotes up to ⌊(m − t)/2⌋ corrupt shares when t consecutive good ones exist; names them when it cannot', () => {
    const secret = nacl.randomBytes(32);
    const t = 5;
    const shares = shamirSplit(secret, t, points(11)); // m − t = 6: radius 3
    const three = shares.map((s, j) => ([1, 3, 9].includes(j) ? corrupt(s) : s));
    expect(shamirRecover(three, t)).toEqual({ ok: true, secret, rejected: [2, 4, 10] });
    const four = shares.map((s, j) => ([0, 1, 2, 3].includes(j) ? corrupt(s) : s));
    const r = shamirRecover(four, t);
    expect(r).toMatchObject({ ok: false, suspects: [1, 2, 3, 4] }); // a clean basis sees exactly the four; 7 < 8 agree
  });

  it('treats out-of-field and malformed share values as corrupt shares', () => {
    const secret = nacl.randomBytes(32);
    const shares = shamirSplit(secret, 3, points(6));
    const outOfField = shares.map((s, j) => (j === 0 ? { x: s.x, y: bigIntToBytes(SHAMIR_PRIME, SHARE_BYTES) } : s));
    expect(shamirRecover(outOfField, 3)).toEqual({ ok: true, secret, rejected: [1] });
    const short = shares.map((s, j) => (j === 4 ? { x: s.x, y: s.y.subarray(1) } : s));
    expect(shamirRecover(short, 3)).toEqual({ ok: true, secret, rejected: [5] });
  });

  it('blames the dealer (no suspects) when consistent shares encode no 32-byte secret', () => {
    const shares = shamirSplit(nacl.randomBytes(33).map((b, i) => (i === 0 ? b | 1 : b)), 3, points(5));
    expect(shamirRecover(shares, 3)).toMatchObject({ ok: false, suspects: [] });
  });

  it('refuses fewer than t shares and bad points', () => {
    const shares = shamirSplit(nacl.randomBytes(32), 3, points(4));
    expect(() => shamirRecover(shares.slice(0, 2), 3)).toThrow(expect.objectContaining({ code: 'BELOW_THRESHOLD' }));
    expect(() => shamirRecover([shares[0], { ...shares[1], x: shares[0].x }, shares[2]], 3)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it('reuses one basis across secrets shared over the same points, and bounds the search', () => {
    const rec = new ShamirRecoverer();
    for (let i = 0; i < 5; i++) {
      const secret = nacl.randomBytes(32);
      expect(rec.recover(shamirSplit(secret, 20, points(30)), 20)).toMatchObject({ ok: true, secret });
    }
    expect(MAX_BASES).toBeGreaterThanOrEqual(16);
    // m = 300, t = 100 with one corrupt share: found within the bounded windows.
    const secret = nacl.randomBytes(32);
    const shares = shamirSplit(secret, 100, points(300));
    const tampered = shares.map((s, j) => (j === 50 ? corrupt(s) : s));
    expect(rec.recover(tampered, 100)).toEqual({ ok: true, secret, rejected: [51] });
  });
});
