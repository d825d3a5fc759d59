/**
 * The Harary graph over a seed-derived random ring: k-regular, symmetric,
 * complete at k = n − 1, and a fresh permutation per seed.
 */
import nacl from 'tweetnacl';
import { canonicalIndex, neighbourhoodOf, neighbourhoods, ringOrder } from './harary';

const ids = Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(2, '0')}`);

describe(neighbourhoods.name, () => {
  it('is k-regular and symmetric for even k < n − 1, with no self loops', () => {
    for (const k of [2, 4, 10, 22]) {
      const nb = neighbourhoods(ids, k, nacl.randomBytes(32));
      for (const u of ids) {
        expect(nb[u]).toHaveLength(k);
        expect(new Set(nb[u]).size).toBe(k);
        expect(nb[u]).not.toContain(u);
        for (const v of nb[u]) expect(nb[v]).toContain(u);
      }
    }
  });

  it('is the complete graph at k = n − 1', () => {
    const nb = neighbourhoods(ids, ids.length - 1, nacl.randomBytes(32));
    for (const u of ids) expect(nb[u]).toEqual(ids.filter((v) => v !== u));
  });

  it('links ring neighbours: position i sees i ± 1..k/2', () => {
    const seed = nacl.randomBytes(32);
    const ring = ringOrder(ids, seed);
    const nb = neighbourhoods(ids, 4, seed);
    const n = ids.length;
    const expected = [ring[1], ring[2], ring[n - 1], ring[n - 2]].sort();
    expect([...nb[ring[0]]].sort()).toEqual(expected);
  });

  it('agrees with the per-client neighbourhoodOf', () => {
    const seed = nacl.randomBytes(32);
    const nb = neighbourhoods(ids, 6, seed);
    for (const u of ids) expect(neighbourhoodOf(ids, 6, seed, u)).toEqual(nb[u]);
  });
});

describe(ringOrder.name, () => {
  it('is a permutation, deterministic per seed and different across seeds', () => {
    const seed = nacl.randomBytes(32);
    const a = ringOrder(ids, seed);
    expect([...a].sort()).toEqual(ids);
    expect(ringOrder(ids, seed)).toEqual(a);
    expect(ringOrder(ids, nacl.randomBytes(32))).not.toEqual(a);
  });

  it('gives canonical 1-based indices', () => {
    expect(canonicalIndex(['a', 'b', 'c'])).toEqual({ a: 1, b: 2, c: 3 });
  });
});
