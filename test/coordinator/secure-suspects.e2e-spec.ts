/**
 * Screening suspects (docs/secure-aggregation.md "Screening suspects"), over
 * real sockets with real SecAgg+ members: one member of six follows every
 * stage but, in every attempt it is in, masks words that put each coordinate
 * sum beyond the honest range (`attackerWords`, the estimate an edge client
 * can make without seeing the others). Each such sum is refused
 * (SUM_OUT_OF_RANGE) and nobody is convicted, yet the job completes every
 * round: later cohorts screen the refused attempts' contributors, no
 * completed attempt contains the attacker, and no honest client is blamed.
 */
import { ErrorCode, RoundPhase, type RoundTask } from '@fl/protocol';
import { attackerWords } from '../../apps/edge-client/src/attacks/ring-attacks';
import type { Harness } from './support/harness';
import { secureSuite } from './support/secure-client';

const P = 40;
const CLIP = 1;

describe('secure aggregation: a member that refuses every sum it is in (e2e)', () => {
  let h: Harness;
  const { enrol } = secureSuite((x) => (h = x));

  it('the job completes every round; the refused attempts list their contributors, the attacker is a suspect, nobody is convicted', async () => {
    const choose = (own: Uint32Array, task: RoundTask) => attackerWords('coordinate-wrap', own, task.secure!, 1);
    const attacker = await enrol({ dataset: 'susp', numExamples: 10, perturbation: 0.01, choose });
    for (let i = 1; i < 6; i++) await enrol({ dataset: 'susp', numExamples: 10, perturbation: 0.01 * (i % 2 ? -1 : 1) });
    const { x0, done } = await h.runJob(
      {
        model: { builtin: 'synthetic', params: P },
        dataset: 'susp',
        rounds: 2,
        clientsPerRound: 6,
        minClients: 3,
        overSelection: 0,
        maxRoundRetries: 3,
        roundDeadlineSeconds: 20,
        waitForClientsSeconds: 20,
        evaluate: false,
        secureAggregation: { stageTimeoutSeconds: 10, clip: CLIP },
      },
      120_000,
    );
    expect({ status: done.status, reason: done.statusReason }).toEqual({ status: 'completed', reason: null });
    expect(done.completedRounds).toBe(2);

    const attackerId = attacker.id;
    const refused = done.rounds.filter((r) => r.phase === RoundPhase.Failed);
    // The first attempt has everyone, so its sum is refused with all six listed.
    expect(done.rounds[0].refusedSum?.code).toBe('SUM_OUT_OF_RANGE');
    expect(done.rounds[0].refusedSum?.contributors).toHaveLength(6);
    for (const r of refused) {
      expect(r.failureReason).toMatch(/SUM_OUT_OF_RANGE/);
      expect(r.refusedSum?.contributors).toContain(attackerId);
    }
    for (const r of done.rounds.filter((x) => x.phase === RoundPhase.Done)) {
      expect(r.participants).not.toContain(attackerId);
      expect(r.participants.length).toBeGreaterThanOrEqual(3);
    }
    // Not a conviction: no failure names anyone as misbehaving, nobody is quarantined.
    expect(done.rounds.flatMap((r) => r.failures).filter((f) => f.code === ErrorCode.SecAggMisbehaved)).toEqual([]);
    expect(done.quarantined).toEqual([]);
    expect(done.suspects?.map((s) => s.clientId)).toContain(attackerId);
    // The released model is the honest members' mean: within one clip of the start, never the wrapped sum.
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i++) expect(Math.abs(x1[i] - x0[i])).toBeLessThanOrEqual(0.02 + 1e-6);
  }, 150_000);
});
