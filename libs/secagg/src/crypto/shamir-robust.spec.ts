/**
 * Reconstruction from every share received: consistent shares give the secret;
 * a corrupt share is outvoted when a clear majority of the shares agree
 * (m − t ≥ 2), wherever it sits; otherwise no value at all, never a wrong one.
 * Also: a corruption crafted so that t shares give a *valid but wrong* 32-byte
 * secret (which `shamirCombine` over the first t returns silently) is caught.
 * The random check settles consistent shares and hands everything else to the
 * robust path, whose answer it changes only with probability ≤ 1/p.
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

/**
 * The random check (module comment, "Fast path"): consistent shares are settled
 * by it, anything else by the robust path with exactly the robust path's result
 * (compared with a recoverer that never runs the check).
 */
describe('ShamirRecoverer random check', () => {
  const randomInt = (n: number): number => new DataView(nacl.randomBytes(4).buffer).getUint32(0) % n;
  const shuffle = <T>(a: readonly T[]): T[] => {
    const out = [...a];
    for (let i = out.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  /** m distinct points in [1, 2^32), small and large (beyond the memoised inverses). */
  const randomPoints = (m: number): number[] => {
    const xs = new Set<number>();
    while (xs.size < m) xs.add(1 + (randomInt(2) === 0 ? randomInt(1000) : randomInt(2 ** 32 - 1)));
    return [...xs];
  };
  /** The fast recoverer's answer, checked equal to the robust path's, with the path it took. */
  const both = (shares: readonly Share[], t: number, secretBytes = 32) => {
    const fast = new ShamirRecoverer();
    const r = fast.recover(shares, t, secretBytes);
    expect(new ShamirRecoverer({ randomCheck: false }).recover(shares, t, secretBytes)).toEqual(r);
    return { r, stats: fast.stats };
  };
  const FAST = { fast: 1, robust: 0 };
  const ROBUST = { fast: 0, robust: 1 };

  it('matches a known answer: f(x) = 42 + 7x − x² over x = 1..5, t = 3', () => {
    const f = (x: bigint): bigint => mod(42n + 7n * x - x * x);
    const shares = points(5).map((x) => ({ x, y: bigIntToBytes(f(BigInt(x)), SHARE_BYTES) }));
    const rec = new ShamirRecoverer();
    expect(rec.recover(shares, 3)).toEqual({ ok: true, secret: bigIntToBytes(42n, 32), rejected: [] });
    expect(rec.recover(shares.slice(1), 3)).toEqual({ ok: true, secret: bigIntToBytes(42n, 32), rejected: [] });
    expect(rec.stats).toEqual({ fast: 2, robust: 0 });
    // f(4) = 54, so 55 is off the polynomial.
    const tampered = shares.map((s) => (s.x === 4 ? { x: 4, y: bigIntToBytes(55n, SHARE_BYTES) } : s));
    expect(rec.recover(tampered, 3)).toEqual({ ok: true, secret: bigIntToBytes(42n, 32), rejected: [4] });
    expect(rec.stats).toEqual({ fast: 2, robust: 1 });
    // The same points with t = 2: no line fits 4 of the 5, whatever was cached for t = 3.
    expect(rec.recover(shares, 2)).toMatchObject({ ok: false });
    expect(rec.stats).toEqual({ fast: 2, robust: 2 });
  });

  it('rebuilds random secrets from random m-sets of points in any order, each t-subset agreeing, on the fast path', () => {
    const rec = new ShamirRecoverer();
    let n = 0;
    for (let round = 0; round < 12; round++) {
      const all = randomPoints(2 + randomInt(30));
      const t = 1 + randomInt(all.length);
      for (let k = 0; k < 3; k++) {
        const secret = nacl.randomBytes(32);
        const shares = shamirSplit(secret, t, all);
        const m = t + randomInt(all.length - t + 1);
        const some = shuffle(shares).slice(0, m);
        expect(rec.recover(some, t)).toEqual({ ok: true, secret, rejected: [] });
        expect(shamirCombine(shuffle(some), t)).toEqual(secret); // any t of them: the same secret
        n++;
      }
    }
    expect(rec.stats).toEqual({ fast: n, robust: 0 });
  });

  it('draws r from globalThis.crypto once per point set (m − t field elements), not per secret', () => {
    const t = 6;
    const xs = points(10);
    const secrets = Array.from({ length: 5 }, () => nacl.randomBytes(32));
    const shareSets = secrets.map((s) => shamirSplit(s, t, xs));
    const spy = jest.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const rec = new ShamirRecoverer();
      shareSets.forEach((shares, i) => expect(rec.recover(shares, t)).toEqual({ ok: true, secret: secrets[i], rejected: [] }));
      expect(spy).toHaveBeenCalledTimes(xs.length - t); // one 66-byte draw per field element (a redraw has probability 2^−521)
      rec.recover(shareSets[0].slice(1), t); // another point set: a fresh r
      expect(spy).toHaveBeenCalledTimes(2 * (xs.length - t) - 1);
      expect(rec.stats).toEqual({ fast: 6, robust: 0 });
      spy.mockClear();
      new ShamirRecoverer({ randomCheck: false }).recover(shareSets[0], t);
      new ShamirRecoverer().recover(shareSets[0].slice(0, t), t); // m = t: nothing to check, nothing to draw
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('falls back on one corrupt share, in the basis or among the extra points, with the robust result', () => {
    for (const [m, t] of [[9, 4], [12, 7], [6, 5], [5, 1], [30, 20]]) {
      const secret = nacl.randomBytes(32);
      const xs = randomPoints(m);
      const sortedXs = [...xs].sort((a, b) => a - b);
      const shares = shamirSplit(secret, t, xs);
      for (const bad of sortedXs) {
        const tampered = shuffle(shares.map((s) => (s.x === bad ? corrupt(s) : s)));
        const { r, stats } = both(tampered, t);
        expect(stats).toEqual(ROBUST);
        if (m - t >= 2) expect(r).toEqual({ ok: true, secret, rejected: [bad] });
        else expect(r).toMatchObject({ ok: false, suspects: sortedXs });
      }
    }
  });

  it('falls back on several corrupt shares up to ⌊(m − t)/2⌋, in the basis and beyond, with the robust result', () => {
    const secret = nacl.randomBytes(32);
    const t = 5;
    const shares = shamirSplit(secret, t, points(11)); // basis: points 1..5
    const bad = (js: number[]) => shares.map((s, j) => (js.includes(j) ? corrupt(s) : s));
    for (const js of [[0], [4, 5], [0, 6, 9], [7, 8, 10], [1, 2, 9]]) {
      const { r, stats } = both(bad(js), t);
      expect(stats).toEqual(ROBUST);
      expect(r).toEqual({ ok: true, secret, rejected: js.map((j) => j + 1) });
    }
    const { r, stats } = both(bad([0, 1, 2, 3]), t); // beyond the radius: no value, the same suspects
    expect(stats).toEqual(ROBUST);
    expect(r).toMatchObject({ ok: false, suspects: [1, 2, 3, 4] });
  });

  it('falls back on a basis share crafted to shift the secret, and on malformed values', () => {
    const secret = nacl.randomBytes(32);
    secret[0] &= 0x7f;
    const t = 7;
    const shares = shamirSplit(secret, t, points(10));
    // In the fast path's basis (the first t points), and beyond it (shifting what points 4..10 give).
    for (const [j, from] of [[2, 0], [8, 3]]) {
      const crafted = { x: shares[j].x, y: shiftShare(shares[j].y, shares[j].x, shares.slice(from, from + t).map((s) => s.x)) };
      const { r, stats } = both(shares.map((s, k) => (k === j ? crafted : s)), t);
      expect(stats).toEqual(ROBUST);
      expect(r).toEqual({ ok: true, secret, rejected: [j + 1] });
    }
    const short = both(shares.map((s, k) => (k === 0 ? { x: s.x, y: s.y.subarray(1) } : s)), t);
    expect(short).toEqual({ r: { ok: true, secret, rejected: [1] }, stats: ROBUST });
  });

  it('settles consistent shares of an oversized value on the fast path, blaming the dealer as before', () => {
    const shares = shamirSplit(nacl.randomBytes(33).map((b, i) => (i === 0 ? b | 1 : b)), 3, points(5));
    const { r, stats } = both(shares, 3);
    expect(stats).toEqual(FAST);
    expect(r).toMatchObject({ ok: false, suspects: [] });
    expect(both(shares, 3, 33)).toMatchObject({ r: { ok: true, rejected: [] }, stats: FAST });
  });
});
