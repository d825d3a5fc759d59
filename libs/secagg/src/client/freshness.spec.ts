/**
 * Freshness (README.md "Tests"): keys and b_u are new every round and every
 * retry; the same seed gives the same mask bytes on every backend, and a round
 * whose clients use the pure-JS backend is unmasked exactly by a node:crypto
 * server that must regenerate a dropped client's masks.
 */
import { naclBackend } from '../crypto/nacl-backend';
import { nodeBackend } from '../node/backend';
import type { ServerMessage } from '../messages';
import { toHex } from '../util/bytes';
import type { ClientState } from './state';
import { simulate, type SimResult } from '../testing/harness';

function keysAndSeeds(r: SimResult): string[] {
  const out: string[] = [];
  for (const m of r.sent) {
    if (m.stage !== 'advertise-keys') continue;
    out.push(toHex(m.sPk));
    for (let i = 0; i < m.cTo.length; i++) out.push(toHex(m.cPks.subarray(32 * i, 32 * (i + 1))));
  }
  return out;
}

describe('round freshness', () => {
  it('advertised keys, b_u and nonces differ across rounds and retries of the same cohort', () => {
    const bs: string[] = [];
    const capture = {
      tamperRequest: (_to: string, m: ServerMessage, state: ClientState) => {
        if (m.stage === 'masked-input' && state.b) bs.push(toHex(state.b));
        return m;
      },
    };
    const r1 = simulate({ n: 4, backend: nodeBackend, round: 1, ...capture });
    const r2 = simulate({ n: 4, backend: nodeBackend, round: 2, ...capture });
    const retry = simulate({ n: 4, backend: nodeBackend, round: 2, runId: 'run-1/retry-1', ...capture });
    const all = [...keysAndSeeds(r1), ...keysAndSeeds(r2), ...keysAndSeeds(retry)];
    expect(all).toHaveLength(48); // 3 runs × 4 clients × (s^PK + one c_{u,v}^PK per each of 3 neighbours)
    expect(new Set(all).size).toBe(48);
    expect(bs).toHaveLength(12);
    expect(new Set(bs).size).toBe(12);
    const nonces = [r1, r2, retry].flatMap((r) => r.sent.flatMap((m) => (m.stage === 'share-keys' ? m.ciphertexts.map((c) => toHex(c.nonce)) : [])));
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const r of [r1, r2, retry]) expect(r.outcome.kind).toBe('done');
  });

  it('pure-JS clients (tweetnacl + noble) and a node:crypto server agree, including dropout recovery', () => {
    const r = simulate({
      n: 3,
      t: 2,
      k: 2,
      policy: 'unchecked',
      threatModel: 'semi-honest',
      backend: nodeBackend,
      clientBackend: (id) => (id === 'c001' ? nodeBackend : naclBackend),
      dropAt: { c002: 'masked-input' },
    });
    expect(r.outcome.kind).toBe('done');
    if (r.outcome.kind === 'done') {
      expect(r.outcome.result.dropped).toEqual(['c002']);
      expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
      expect([...r.outcome.result.survivors].sort()).toEqual([...r.maskedAccepted].sort());
    }
  });
});
