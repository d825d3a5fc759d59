import { gaussianEpsilon } from '@fl/privacy';
import type { PrivacyConfig } from '@fl/protocol';
import { charge, currentClip, exceedsBudget, ledgerView, newLedger, raiseBudget, spentOf, withClip } from './privacy-ledger';

const config: PrivacyConfig = { mode: 'trusted-server', epsilon: 3, delta: 1e-5, noiseMultiplier: 1.1, clip: 1, samplingRate: 0.1, calibrated: false, orders: 'dp-accounting' };

describe('privacy ledger', () => {
  it('charges one Poisson-subsampled Gaussian per round and matches the accountant for the same parameters', () => {
    let l = newLedger(config);
    expect(ledgerView(l)).toMatchObject({ steps: 0, epsilonSpent: 0, order: null, budgetEpsilon: 3 });
    const seen: number[] = [];
    for (let t = 1; t <= 5; t++) {
      l = charge(l);
      const want = gaussianEpsilon({ q: 0.1, noiseMultiplier: 1.1, steps: t, delta: 1e-5 });
      expect(l.epsilonSpent).toBeCloseTo(want.epsilon, 12);
      expect(l.order).toBe(want.order);
      seen.push(l.epsilonSpent);
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(5);
    expect(spentOf(l, currentClip(l))).toEqual({ epsilon: l.epsilonSpent, delta: 1e-5, steps: 5, mode: 'trusted-server', noiseMultiplier: 1.1, clip: 1 });
    expect(ledgerView(l).nextEpsilon).toBeCloseTo(gaussianEpsilon({ q: 0.1, noiseMultiplier: 1.1, steps: 6, delta: 1e-5 }).epsilon, 12);
  });

  it('says when the next round would exceed the budget, and only ever raises a budget', () => {
    let l = newLedger({ ...config, epsilon: 2 });
    let rounds = 0;
    while (exceedsBudget(l) === null) {
      l = charge(l);
      rounds++;
    }
    expect(rounds).toBeGreaterThan(0);
    expect(l.epsilonSpent).toBeLessThanOrEqual(2);
    expect(exceedsBudget(l)!).toBeGreaterThan(2);
    expect(raiseBudget(l, 0.5)).toMatch(/larger than the current budget/);
    expect(raiseBudget(l, 2)).toMatch(/larger than the current budget/);
    const raised = raiseBudget(l, 4);
    expect(typeof raised).toBe('object');
    expect(raised).toMatchObject({ budgetEpsilon: 4, steps: l.steps, epsilonSpent: l.epsilonSpent });
    expect(exceedsBudget(raised as typeof l)).toBeNull();
  });

  it('survives a JSON round trip (as stored) unchanged', () => {
    const l = charge(charge(newLedger(config)));
    expect(charge(JSON.parse(JSON.stringify(l)))).toEqual(charge(l));
  });

  it("adaptive clipping: the ledger carries the next round's C through a JSON round trip (a restart); a version keeps its round's C", () => {
    const l0 = newLedger({ ...config, clip: 0.1 });
    expect(currentClip(l0)).toBe(0.1);
    const l1 = withClip(charge(l0), { unclippedFraction: 0.2, nextClip: 0.1 * Math.exp(0.06) });
    // A version records the ledger's spending after its round and that round's C (not the next one, which the ledger now holds).
    expect(spentOf(l1, 0.1)).toEqual({ epsilon: l1.epsilonSpent, delta: config.delta, steps: 1, mode: config.mode, noiseMultiplier: config.noiseMultiplier, clip: 0.1 });
    expect(l1.epsilonSpent).toBeGreaterThan(0);
    const stored = JSON.parse(JSON.stringify(l1));
    expect(currentClip(stored)).toBe(0.1 * Math.exp(0.06));
    expect(ledgerView(stored)).toMatchObject({ clip: 0.1 * Math.exp(0.06), unclippedFraction: 0.2 });
    expect(withClip(l1, undefined)).toBe(l1);
    // A ledger stored before adaptive clipping has no clip: the job's.
    const { clip: _c, unclippedFraction: _u, ...old } = l0;
    expect(currentClip(old)).toBe(0.1);
    expect(ledgerView(old).unclippedFraction).toBeNull();
  });
});
