/**
 * The server uses every share it receives (README.md "Tests" invariant 3:
 * never a wrong sum). A b-share or s-share corrupted so that the first t shares
 * rebuild a valid but wrong secret is outvoted by the others and reported; when
 * no clear majority exists the round fails with SHARE_MISMATCH naming the
 * suspects, and nothing is released.
 */
import type { ClientMessage, UnmaskMessage } from '../messages';
import { nodeBackend } from '../node/backend';
import { ids, simulate, type SimResult } from '../testing/harness';
import { shiftShare } from '../testing/shares';

const all = ids(10); // complete graph, t = 7
const FIRST_T = [1, 2, 3, 4, 5, 6, 7]; // the points a t-share reconstruction would read

/** Rewrites `holder`'s revealed `kind`-share of `owner` with `f`. */
function tamperShare(holder: string, owner: string, kind: 'b' | 's', f: (y: Uint8Array, x: number) => Uint8Array) {
  return (m: ClientMessage): ClientMessage => {
    if (m.stage !== 'unmask' || m.sender !== holder) return m;
    const x = all.indexOf(holder) + 1;
    const key = kind === 'b' ? 'bShares' : 'sShares';
    return { ...m, [key]: m[key].map((s) => (s.of === owner ? { of: s.of, y: f(s.y, x) } : s)) } as UnmaskMessage;
  };
}
const chain =
  (...fs: ((m: ClientMessage) => ClientMessage)[]) =>
  (m: ClientMessage): ClientMessage =>
    fs.reduce((acc, f) => f(acc), m);

function expectExact(r: SimResult): void {
  expect(r.outcome.kind).toBe('done');
  if (r.outcome.kind === 'done') expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
}

describe('server share verification', () => {
  it('outvotes a b-share crafted to shift the rebuilt b_u, reports it, and returns the exact sum', () => {
    const r = simulate({ n: 10, P: 16, backend: nodeBackend, tamper: tamperShare('c002', 'c000', 'b', (y, x) => shiftShare(y, x, FIRST_T)) });
    expect(r.rejections).toEqual([]);
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.rejectedShares).toEqual([{ holder: 'c002', owner: 'c000', kind: 'b' }]);
  });

  it("outvotes a corrupt s-share of a dropped client and still removes its masks exactly", () => {
    const basis = FIRST_T; // U4 = c000..c008 respond; the first t of them are points 1..7
    const r = simulate({
      n: 10,
      P: 16,
      backend: nodeBackend,
      dropAt: { c009: 'masked-input' },
      tamper: tamperShare('c004', 'c009', 's', (y, x) => shiftShare(y, x, basis)),
    });
    expectExact(r);
    if (r.outcome.kind === 'done') {
      expect(r.outcome.result.dropped).toEqual(['c009']);
      expect(r.outcome.result.rejectedShares).toEqual([{ holder: 'c004', owner: 'c009', kind: 's' }]);
    }
  });

  it('fails cleanly with SHARE_MISMATCH naming the two suspects when no clear majority agrees', () => {
    const shift = (y: Uint8Array, x: number) => shiftShare(y, x, FIRST_T);
    const r = simulate({ n: 10, P: 16, backend: nodeBackend, tamper: chain(tamperShare('c001', 'c000', 'b', shift), tamperShare('c002', 'c000', 'b', shift)) });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'SHARE_MISMATCH', stage: 'unmask', suspects: ['c001', 'c002'] } });
    if (r.outcome.kind === 'failed') {
      expect(r.outcome.failure.clientId).toBeUndefined();
      expect(r.outcome.failure.message).toMatch(/b-shares of c000 .*suspected: c001, c002/);
    }
    expect(r.server.maskedSum).toBeNull();
  });

  it('names the single suspect when shares are consistent but rebuild a key that is not s^PK', () => {
    // Every holder shifts its s-share of c009 by the same amount: one consistent polynomial, a wrong value at 0.
    const r = simulate({
      n: 10,
      P: 16,
      backend: nodeBackend,
      dropAt: { c009: 'masked-input' },
      tamper: chain(...all.slice(0, 9).map((h) => tamperShare(h, 'c009', 's', (y) => shiftShare(y, 1, [1]) /* y + 1 */))),
    });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'SHARE_MISMATCH', clientId: 'c009', suspects: ['c009'] } });
    expect(r.server.maskedSum).toBeNull();
  });

  it('random crafted corruptions: exact sum or SHARE_MISMATCH, never a wrong sum', () => {
    let exact = 0;
    let failed = 0;
    for (let trial = 0; trial < 12; trial++) {
      const owner = all[trial % 10];
      const holders = [...all].sort(() => Math.random() - 0.5).slice(0, 1 + (trial % 3));
      const tamper = chain(...holders.map((h) => tamperShare(h, owner, 'b', (y, x) => shiftShare(y, x, FIRST_T, BigInt(trial + 1)))));
      const r = simulate({ n: 10, P: 8, backend: nodeBackend, tamper });
      if (r.outcome.kind === 'done') {
        expectExact(r);
        exact++;
      } else {
        expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'SHARE_MISMATCH' } });
        failed++;
      }
    }
    expect(exact).toBeGreaterThan(0); // every single corruption is outvoted
    expect(exact + failed).toBe(12);
  });
});
