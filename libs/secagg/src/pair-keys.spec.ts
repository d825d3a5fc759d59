/**
 * Per-pair share-encryption keys (pair-keys; docs/secure-aggregation.md
 * "Blame"): the advertised layout is exactly one key per neighbour, refused
 * with a clear code otherwise, and a round over per-pair keys is exact.
 */
import type { AdvertiseKeysMessage, ClientMessage } from './messages';
import { nodeBackend } from './node/backend';
import { checkPairKeyLayout, pairPublicKey } from './pair-keys';
import { simulate, type SimResult } from './testing/harness';

const codes = (r: SimResult) => r.rejections.map((e) => `${e.code}:${e.clientId}`);
const key = (fill: number) => new Uint8Array(32).fill(fill);
const concat = (...ks: Uint8Array[]) => Uint8Array.from(ks.flatMap((k) => Array.from(k)));

describe('per-pair share-encryption keys', () => {
  it('each member advertises one key per neighbour; the round is exact', () => {
    const r = simulate({ n: 5, backend: nodeBackend });
    expect(r.outcome.kind).toBe('done');
    expect(r.outcome.kind === 'done' && r.outcome.result.sum).toEqual(r.expected);
    for (const m of r.sent.filter((x): x is AdvertiseKeysMessage => x.stage === 'advertise-keys')) {
      expect(m.cTo).toEqual(r.server.neighbours[m.sender]);
      expect(m.cPks).toHaveLength(32 * m.cTo.length);
      for (const v of m.cTo) expect(pairPublicKey(m, v)).toEqual(m.cPks.subarray(32 * m.cTo.indexOf(v), 32 * m.cTo.indexOf(v) + 32));
    }
  });

  it('the server refuses a wrong number of keys, keys for non-neighbours, a neighbour named twice and repeated keys; the others complete', () => {
    const cases: [string, (m: AdvertiseKeysMessage) => AdvertiseKeysMessage][] = [
      ['BAD_KEY', (m) => ({ ...m, cTo: m.cTo.slice(1), cPks: m.cPks.subarray(32) })],
      ['BAD_KEY', (m) => ({ ...m, cPks: m.cPks.subarray(1) })],
      ['BAD_KEY', (m) => ({ ...m, cTo: ['c999', ...m.cTo.slice(1)] })],
      ['BAD_KEY', (m) => ({ ...m, cTo: [m.sender, ...m.cTo.slice(1)] })],
      ['DUPLICATE', (m) => ({ ...m, cTo: [m.cTo[1], ...m.cTo.slice(1)] })],
      ['BAD_KEY', (m) => ({ ...m, cPks: concat(m.cPks.subarray(0, 32), m.cPks.subarray(0, m.cPks.length - 32)) })],
      ['BAD_KEY', (m) => ({ ...m, cPks: concat(m.sPk, m.cPks.subarray(32)) })],
      ['BAD_PAYLOAD', (m) => ({ ...m, cTo: undefined as unknown as string[] })],
    ];
    for (const [code, tamper] of cases) {
      const r = simulate({ n: 6, backend: nodeBackend, tamper: (m: ClientMessage) => (m.stage === 'advertise-keys' && m.sender === 'c001' ? tamper(m) : m) });
      expect(codes(r)).toEqual([`${code}:c001`]);
      expect(r.outcome.kind === 'done' && r.outcome.result.sum).toEqual(r.expected);
      expect(r.server.u1).not.toContain('c001');
    }
  });

  it('on a sparse graph a key for a participant outside N(u) is refused', () => {
    const check = (cTo: string[], cPks = concat(key(1), key(2))) => () => checkPairKeyLayout('a', { cTo, cPks }, ['b', 'c'], 'advertise-keys');
    expect(check(['c', 'b'])).not.toThrow();
    expect(check(['b', 'd'])).toThrow(expect.objectContaining({ code: 'BAD_KEY', message: expect.stringContaining('for d, not a neighbour') }));
    expect(check(['b'], key(1))).toThrow(expect.objectContaining({ code: 'BAD_KEY', message: expect.stringContaining('each of its 2 neighbours') }));
    expect(check(['b', 'b'])).toThrow(expect.objectContaining({ code: 'DUPLICATE' }));
  });
});
