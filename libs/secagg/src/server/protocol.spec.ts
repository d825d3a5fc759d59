/**
 * End-to-end SecAgg(+) rounds in process: the unmasked sum equals the plain sum
 * of U3's inputs mod 2^32, bit for bit, with dropouts injected at every stage
 * (README.md "Tests", SecAgg invariants 2–3).
 */
import nacl from 'tweetnacl';
import { neighbourhoods } from '../graph/harary';
import { nodeBackend } from '../node/backend';
import { STAGE_ORDER, stagesFor, type SecAggStage } from '../stages';
import { ids, simulate, type SimResult } from '../testing/harness';
import { predictComplete } from '../testing/predict';
import { serverClose } from './server';

function expectExact(r: SimResult): void {
  expect(r.outcome.kind).toBe('done');
  if (r.outcome.kind !== 'done') return;
  expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
}

/** The reported survivors are exactly the senders whose masked input the server accepted. */
function expectSurvivorsAccepted(r: SimResult): void {
  expect(r.outcome.kind).toBe('done');
  if (r.outcome.kind !== 'done') return;
  expect([...r.outcome.result.survivors].sort()).toEqual([...r.maskedAccepted].sort());
}

function dropPattern(participants: string[], count: number, stage: SecAggStage, offset = 0): Record<string, SecAggStage> {
  return Object.fromEntries(participants.slice(offset, offset + count).map((id) => [id, stage]));
}

describe('SecAgg round (complete graph, Bonawitz et al.)', () => {
  for (const n of [3, 10]) {
    const t = Math.floor((2 * n) / 3) + 1;
    for (const stage of STAGE_ORDER) {
      for (const d of [...new Set([0, 1, n - t])]) {
        it(`n = ${n}, t = ${t}: ${d} dropout(s) at ${stage} → ${d <= n - t ? 'exact sum' : 'clean failure'}`, () => {
          const dropAt = dropPattern(ids(n), d, stage, 1);
          const r = simulate({ n, backend: nodeBackend, dropAt });
          const p = predictComplete(ids(n), t, 'active', dropAt);
          if (p.ok) {
            expectExact(r);
            expectSurvivorsAccepted(r);
            if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).toEqual(p.survivors);
          } else {
            expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: p.failedStage } });
          }
          expect(r.rejections).toEqual([]);
        });
      }
    }
  }

  it('n = 3 with t = 2 survives one dropout at each stage', () => {
    for (const stage of STAGE_ORDER) expectExact(simulate({ n: 3, t: 2, k: 2, policy: 'unchecked', backend: nodeBackend, dropAt: { c002: stage } }));
  });

  it('n = 50, t = 34: no dropout, and n − t = 16 dropouts spread over every stage', () => {
    expectExact(simulate({ n: 50, backend: nodeBackend, P: 16 }));
    const all = ids(50);
    const dropAt: Record<string, SecAggStage> = {};
    all.slice(0, 16).forEach((id, i) => (dropAt[id] = STAGE_ORDER[i % STAGE_ORDER.length]));
    const r = simulate({ n: 50, backend: nodeBackend, P: 16, dropAt });
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).toEqual(predictComplete(all, 34, 'active', dropAt).survivors);
  });

  it('n = 50 semi-honest: a dropout at each stage at once is exact; n − t + 1 = 17 dropouts fail cleanly', () => {
    const all = ids(50);
    const dropAt = { [all[7]]: 'share-keys', [all[8]]: 'masked-input', [all[9]]: 'unmask', [all[10]]: 'advertise-keys' } as Record<string, SecAggStage>;
    expectExact(simulate({ n: 50, threatModel: 'semi-honest', backend: nodeBackend, P: 16, dropAt }));
    const r = simulate({ n: 50, threatModel: 'semi-honest', backend: nodeBackend, P: 16, dropAt: dropPattern(all, 17, 'share-keys') });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: 'share-keys' } });
    expect(r.server.maskedSum).toBeNull();
  });

  it('n = 10: n − t + 1 = 4 dropouts during unmask fail cleanly, with no sum released', () => {
    const r = simulate({ n: 10, backend: nodeBackend, dropAt: dropPattern(ids(10), 4, 'unmask') });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: 'unmask' } });
    expect(r.server.maskedSum).toBeNull();
  });
});

describe('SecAgg+ round (Harary graph, Bell et al.)', () => {
  it('n = 50, k = 8, t = 5: exact with 0 dropouts, one at every stage at once, and k + 1 − t = 4 at each stage', () => {
    const all = ids(50);
    expectExact(simulate({ n: 50, k: 8, t: 5, P: 8, policy: 'unchecked', backend: nodeBackend }));
    const spread = Object.fromEntries(STAGE_ORDER.map((stage, i) => [all[3 + 7 * i], stage]));
    expectExact(simulate({ n: 50, k: 8, t: 5, P: 8, policy: 'unchecked', backend: nodeBackend, dropAt: spread }));
    for (const stage of STAGE_ORDER) expectExact(simulate({ n: 50, k: 8, t: 5, P: 8, policy: 'unchecked', backend: nodeBackend, dropAt: dropPattern(all, 4, stage, 3) }));
  });

  it('a client with fewer than t live neighbours aborts the round, naming the client and stage', () => {
    const graphSeed = nacl.randomBytes(32);
    const nb = neighbourhoods(ids(20), 4, graphSeed).c005;
    const dropAt = { [nb[0]]: 'masked-input', [nb[1]]: 'masked-input' } as Record<string, SecAggStage>;
    const r = simulate({ n: 20, k: 4, t: 4, graphSeed, policy: 'unchecked', backend: nodeBackend, dropAt });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: 'masked-input' } });
    if (r.outcome.kind !== 'failed') return;
    const named = r.outcome.failure.clientId!;
    const live = [named, ...r.server.neighbours[named]].filter((id) => !dropAt[id]).length;
    expect(live).toBeLessThan(4);
    // the same graph without those dropouts completes
    expectExact(simulate({ n: 20, k: 4, t: 4, graphSeed, policy: 'unchecked', backend: nodeBackend }));
  });
});

describe('Exhaustive dropout patterns (n ≤ 5, complete graph)', () => {
  // Every subset of clients dropping at every single stage: n = 3, 4 active; n = 5 semi-honest (cheaper, no signatures).
  for (const [n, model] of [
    [3, 'active'],
    [4, 'active'],
    [5, 'semi-honest'],
  ] as const) {
    it(`n = ${n} (${model}): every subset dropping at every stage is exact or fails cleanly as predicted`, () => {
      const all = ids(n);
      const t = Math.floor((2 * n) / 3) + 1;
      let exact = 0;
      for (const stage of stagesFor(model)) {
        for (let mask = 0; mask < 1 << n; mask++) {
          const dropAt = Object.fromEntries(all.filter((_, i) => mask & (1 << i)).map((id) => [id, stage]));
          const r = simulate({ n, P: 8, threatModel: model, backend: nodeBackend, dropAt });
          const p = predictComplete(all, t, model, dropAt);
          if (p.ok) {
            expectExact(r);
            expectSurvivorsAccepted(r);
            exact++;
          } else expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: p.failedStage } });
        }
      }
      expect(exact).toBeGreaterThan(0);
    });
  }

  it('n = 3, t = 2: every assignment of a dropout stage (or none) to every client', () => {
    const all = ids(3);
    const choices: (SecAggStage | null)[] = [null, ...STAGE_ORDER];
    let exact = 0;
    for (let code = 0; code < choices.length ** all.length; code++) {
      const dropAt: Record<string, SecAggStage> = {};
      let c = code;
      for (const id of all) {
        const s = choices[c % choices.length];
        c = Math.floor(c / choices.length);
        if (s) dropAt[id] = s;
      }
      const p = predictComplete(all, 2, 'active', dropAt);
      const r = simulate({ n: 3, k: 2, t: 2, P: 4, policy: 'unchecked', backend: nodeBackend, dropAt });
      if (p.ok) {
        expectExact(r);
        expectSurvivorsAccepted(r);
        exact++;
      } else expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: p.failedStage } });
    }
    expect(exact).toBe(1 + 3 * STAGE_ORDER.length); // nobody drops, or exactly one client drops somewhere
  });

  it('a failed round releases nothing and cannot be closed again', () => {
    const r = simulate({ n: 3, backend: nodeBackend, dropAt: { c000: 'unmask' } });
    expect(r.outcome.kind).toBe('failed');
    expect(r.server.maskedSum).toBeNull();
    expect(() => serverClose(r.server)).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
  });
});
