/**
 * SecAgg invariant 1: pairwise masks cancel, Σ_u Σ_{v ∈ N(u)} p_{u,v} ≡ 0
 * (mod 2^32), on the complete graph and on Harary graphs, with masks made by
 * different backends on either side of each pair.
 */
import nacl from 'tweetnacl';
import { canonicalIndex, neighbourhoods } from '../graph/harary';
import { nodeBackend } from '../node/backend';
import type { CryptoBackend } from './backend';
import { applyMasks, pairMask, selfMask } from './masks';
import { naclBackend } from './nacl-backend';

function maskTotal(n: number, k: number, P: number, backendOf: (i: number) => CryptoBackend): Uint32Array {
  const ids = Array.from({ length: n }, (_, i) => `u${String(i).padStart(2, '0')}`);
  const nb = neighbourhoods(ids, k, nacl.randomBytes(32));
  const index = canonicalIndex(ids);
  const keys = Object.fromEntries(ids.map((id) => {
    const secretKey = nacl.randomBytes(32);
    return [id, { secretKey, publicKey: nacl.scalarMult.base(secretKey) }];
  }));
  const total = new Uint32Array(P);
  ids.forEach((u, i) => {
    const backend = backendOf(i);
    const prg = backend.prg('chacha20');
    for (const v of nb[u]) applyMasks(prg, total, [pairMask(backend, 'run', 7, { id: u, index: index[u] }, { id: v, index: index[v] }, keys[u].secretKey, keys[v].publicKey, 1)]);
  });
  return total;
}

describe(pairMask.name, () => {
  it('masks cancel on the complete graph (mixed node / pure-JS backends)', () => {
    expect(maskTotal(6, 5, 300, (i) => (i % 2 ? nodeBackend : naclBackend)).every((w) => w === 0)).toBe(true);
  });

  it('masks cancel on Harary graphs', () => {
    for (const [n, k] of [
      [12, 4],
      [30, 6],
    ]) {
      expect(maskTotal(n, k, 200, () => nodeBackend).every((w) => w === 0)).toBe(true);
    }
  });

  it('a single pairwise mask is not zero (the test can fail)', () => {
    const a = nacl.randomBytes(32);
    const b = nacl.randomBytes(32);
    const acc = new Uint32Array(8);
    applyMasks(nodeBackend.prg('chacha20'), acc, [pairMask(nodeBackend, 'run', 1, { id: 'a', index: 1 }, { id: 'b', index: 2 }, a, nacl.scalarMult.base(b), 1)]);
    expect(acc.some((w) => w !== 0)).toBe(true);
  });

  it('the self mask is removed by its negation', () => {
    const acc = new Uint32Array(100).fill(9);
    const b = nacl.randomBytes(32);
    applyMasks(naclBackend.prg('chacha20'), acc, [selfMask('run', 1, 'a', b, 1)]);
    applyMasks(nodeBackend.prg('chacha20'), acc, [selfMask('run', 1, 'a', b, -1)]);
    expect(acc.every((w) => w === 9)).toBe(true);
  });
});
