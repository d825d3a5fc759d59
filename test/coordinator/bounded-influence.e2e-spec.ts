/**
 * Bounded influence in plain rounds (README "Bounded influence"): a cohort
 * member that commits an update of 1e30 in every coordinate while claiming
 * 2^53 − 1 examples moves the global model by at most the job's L2 bound;
 * its weight counts at most the job's `maxExamplesPerClient`. Clipped and
 * refused updates are counted in the round view. The default bound is the
 * median norm of the round's own updates, from the first round on.
 */
import { ErrorCode, type JobView, type RoundView } from '@fl/protocol';
import { HUGE_CLAIM, HUGE_VALUE } from '../../apps/edge-client/src/attacks/update-attacks';
import { scriptedSuite, type Harness } from './support/harness';
import { PLAIN } from './support/plain';

const P = 100;
const HUGE = HUGE_VALUE; // 1e30, the attack of `fl-client --attack huge`
const CLAIM = HUGE_CLAIM; // 2^53 − 1

const l2 = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

describe('bounded influence (plain rounds)', () => {
  let h: Harness;
  const { enrol } = scriptedSuite((x) => (h = x));

  async function runAttack(updateBound: Record<string, unknown>, rounds = 1): Promise<{ job: JobView; round: RoundView; moved: number; attacker: string }> {
    const honest = await Promise.all([0.01, 0.02, 0.03].map((p, i) => enrol({ name: `honest-${i}`, numExamples: 10, perturbation: p })));
    const attacker = await enrol({ name: 'attacker', numExamples: CLAIM, train: (g) => new Float32Array(g.length).fill(HUGE) });
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: P },
      dataset: 'synth',
      rounds,
      clientsPerRound: 4,
      minClients: 3,
      overSelection: 0,
      roundDeadlineSeconds: 10,
      waitForClientsSeconds: 10,
      evaluate: false,
      secureAggregation: PLAIN,
      maxExamplesPerClient: 50,
      updateBound,
    });
    const x0 = Float32Array.from(await h.weights(created.modelHash));
    await h.startJob(created.id);
    const job = await h.waitJob(created.id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
    const x1 = Float32Array.from(await h.weights(job.modelHash));
    for (const c of [...honest, attacker]) c.close();
    return { job, round: job.rounds[0], moved: l2(x1, x0), attacker: attacker.clientId };
  }

  it('clips: the model moves by at most the bound, the clip is counted, the claim is capped', async () => {
    const { round, moved } = await runAttack({ rule: 'fixed', norm: 0.5 });
    expect(round.participants).toHaveLength(4);
    expect(moved).toBeLessThanOrEqual(0.5 * (1 + 1e-6));
    expect(moved).toBeGreaterThan(0.1); // the clipped attacker still pulls (its weight is 50 of 80)
    expect(round.updateBound).toMatchObject({ action: 'clip', rule: 'fixed', bound: 0.5, measured: 4, clipped: 1, refused: 0 });
    expect(round.updateBound?.maxNorm).toBeGreaterThan(1e30);
    // 3 × 10 honest examples + the attacker held to maxExamplesPerClient = 50, not 2^53 − 1.
    expect(round.metrics?.examples).toBe(80);
  });

  it('refuses: the attacker is refused with UPDATE_TOO_LARGE and counted; the honest mean goes through', async () => {
    const { round, moved, attacker } = await runAttack({ action: 'refuse', rule: 'fixed', norm: 1 });
    expect(round.participants).toHaveLength(3);
    expect(round.failures).toEqual([expect.objectContaining({ clientId: attacker, code: ErrorCode.UpdateTooLarge })]);
    expect(round.updateBound).toMatchObject({ action: 'refuse', bound: 1, measured: 4, clipped: 0, refused: 1 });
    // (0.01 + 0.02 + 0.03) / 3 = 0.02 per coordinate, ‖·‖ = 0.02·√100 = 0.2
    expect(moved).toBeCloseTo(0.2, 5);
  });

  it('the default (clip at 1 × the median norm of the same round) clips the attack from the first round on', async () => {
    const { job, round, moved } = await runAttack({}, 2);
    // Round 1 already: norms 0.1, 0.2, 0.3 and 1e31 → median 0.25, the bound; the 0.3 and the attacker are clipped to it.
    expect(round.round).toBe(1);
    expect(round.updateBound).toMatchObject({ action: 'clip', rule: 'median', clipped: 2, refused: 0, measured: 4 });
    expect(round.updateBound?.bound).toBeCloseTo(0.25, 5);
    expect(round.updateBound?.medianNorm).toBeCloseTo(0.25, 5);
    const second = job.rounds.filter((r) => r.phase === 'done')[1];
    expect(second.round).toBe(2);
    expect(second.updateBound?.bound).toBeCloseTo(0.25, 5);
    expect(second.updateBound).toMatchObject({ measured: 4, clipped: 2, refused: 0 });
    // Every update points along +1 (x_t + p, or 1e30): each round moves by (10·0.1 + 10·0.2 + 10·0.25 + 50·0.25) / 80 = 0.225.
    expect(moved).toBeCloseTo(0.45, 4);
  });

  it('refuses bad bound settings at job creation', async () => {
    for (const updateBound of [{ norm: 0 }, { norm: -1 }, { multiple: 0 }, { targetQuantile: 1 }, { action: 'shrink' }]) {
      const r = await h.rest('POST', '/jobs', { model: { builtin: 'synthetic', params: P }, dataset: 'synth', updateBound });
      expect(r.status).toBe(400);
    }
    const r = await h.rest('POST', '/jobs', { model: { builtin: 'synthetic', params: P }, dataset: 'synth', maxExamplesPerClient: 0 });
    expect(r.status).toBe(400);
  });
});
