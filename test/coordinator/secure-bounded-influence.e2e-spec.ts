/**
 * Bounded influence in secure rounds (docs/secure-aggregation.md "Bounded
 * influence"), over real sockets: one member follows every SecAgg+ stage
 * (valid keys, shares, signatures) but masks a ring vector of its choosing,
 * computed from the other members' exact encodings (stronger than any real
 * attacker). The weight-wrap and coordinate-wrap attacks fail the attempt
 * with a clear code and release no model; the largest choice still inside the
 * honest range moves the model by at most about one clip per coordinate.
 */
import type { RoundTask } from '@fl/protocol';
import { coordinateWrapTarget, inRangeMaxTarget, ringTop, weightWrapTarget, wordsForTarget, type RingTarget } from '../../apps/edge-client/src/attacks/ring-attacks';
import { startHarness, until, type Harness } from './support/harness';
import { secureSuite, type SecureClient, type SecureScript } from './support/secure-client';

const P = 50;
const CLIP = 1;

describe('secure aggregation: a member that chooses its own ring vector (e2e)', () => {
  let h: Harness;
  const { enrol } = secureSuite((x) => (h = x), { closeClients: 'each' });

  /**
   * n members (10 examples each, so w = 1); member 0 masks the words that make
   * the unmasked sum `target(top)` (coordinates, then the weight word), from the others' exact words.
   */
  async function attack(n: number, target: (top: number) => RingTarget) {
    const honest: SecureClient[] = [];
    const others = async (): Promise<Uint32Array[]> => {
      await until(() => honest.length === n - 1 && honest.every((c) => c.encoded.size > 0), 15_000, "the other members' encodings");
      return honest.map((c) => [...c.encoded.values()][0]);
    };
    const choose: SecureScript['choose'] = async (own: Uint32Array, task: RoundTask) => {
      const theirs = await others();
      return wordsForTarget(own, (j) => theirs.reduce((a, o) => a + o[j], 0), target(ringTop(task.secure!.bits)));
    };
    await enrol({ dataset: 'sec', numExamples: 10, perturbation: 0.01, choose });
    for (let i = 1; i < n; i++) honest.push(await enrol({ dataset: 'sec', numExamples: 10, perturbation: 0.01 * (i % 2 ? -1 : 1) }));
    return h.runJob({
      model: { builtin: 'synthetic', params: P },
      dataset: 'sec',
      rounds: 1,
      clientsPerRound: n,
      minClients: n,
      overSelection: 0,
      maxRoundRetries: 0,
      roundDeadlineSeconds: 20,
      waitForClientsSeconds: 20,
      evaluate: false,
      secureAggregation: { stageTimeoutSeconds: 10, clip: CLIP },
    });
  }

  it('weight wrap: weight words summing to 1 mod 2^32 fail the attempt with WEIGHT_MISMATCH; no model is released', async () => {
    // Coordinates: the honest sum's midpoint (0); the weight words: 1 in total (without the check: the mean × ~2^30).
    const { done, created } = await attack(4, (top) => weightWrapTarget(4, top));
    expect(done.status).toBe('failed');
    expect(done.rounds[0].failureReason).toMatch(/WEIGHT_MISMATCH/);
    expect(done.modelHash).toBe(created.modelHash);
    expect(done.completedRounds).toBe(0);
  });

  it('coordinate wrap with 5 members: sums beyond the honest range (decoded without the check: about 16c, a mean of 3.2c) fail with SUM_OUT_OF_RANGE', async () => {
    const { done, created } = await attack(5, (top) => ({ ...coordinateWrapTarget(5, top), weight: 5 * top }));
    expect(done.status).toBe('failed');
    expect(done.rounds[0].failureReason).toMatch(/SUM_OUT_OF_RANGE/);
    expect(done.modelHash).toBe(created.modelHash);
  });

  it('coordinate wrap with 4 members: the largest in-range sum moves the model by at most about one clip per coordinate', async () => {
    const { done, x0 } = await attack(4, (top) => inRangeMaxTarget(4, top));
    expect(done.status).toBe('completed');
    const x1 = await h.weights(done.modelHash);
    // Honest mean delta: (0.01 − 0.01 + 0.01 − 0.01) / 4 = 0 (the attacker's own 0.01 replaced); the attack reaches +c.
    for (let i = 0; i < P; i++) expect(Math.abs(x1[i] - x0[i])).toBeLessThanOrEqual(CLIP + 0.01 + 1e-6);
    expect(Math.max(...Array.from(x1, (v, i) => v - x0[i]))).toBeGreaterThan(0.9 * CLIP); // it does move by about c: the residual the docs state
  });
});
