/**
 * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy, NeurIPS 2021;
 * docs/privacy.md "Adaptive clipping") over the real client and coordinator
 * code paths, without sockets: the job is resolved as at creation
 * (`resolvePrivacy` + `resolveDdg`), each round's task carries the current C,
 * every client encodes with the edge client's `encodeDdgSecureUpdate`
 * (its unclipped bit as one more word of the same vector), the words are
 * summed in Z_2^32 as unmasking yields them, and the coordinator decodes the
 * noisy count (`ddgUnclippedCentred`) and moves C (`adaptClip`, the ledger's
 * `withClip`). C grows when most updates are clipped and shrinks when few are;
 * ε is the accountant's for the joint vector; the round's scale keeps c fixed.
 */
import { RandomBits, RdpAccountant, seededRandom, updateNoiseMultiplier } from '@fl/privacy';
import type { JobConfig, PrivacyConfig, TaskDdg } from '@fl/protocol';
import { encodeDdgSecureUpdate } from '../../apps/edge-client/src/secagg/ddg-update';
import type { TrainOutcome } from '../../apps/edge-client/src/trainers/local-trainer';
import { ddgEvent, ddgTaskFor, ddgUnclippedCentred, ddgVectorLength, resolveDdg } from '../../apps/coordinator/src/privacy/ddg-params';
import { resolvePrivacy } from '../../apps/coordinator/src/privacy/privacy-config';
import { charge, currentClip, newLedger, roundEvent, withClip } from '../../apps/coordinator/src/privacy/privacy-ledger';
import { adaptClip, taskPrivacy } from '../../apps/coordinator/src/privacy/round-privacy';
import { seedOf } from './support/seed-of';

const P = 500;
const layout = [{ name: 'w', shape: [P] }];
const job: Pick<JobConfig, 'rounds' | 'minClients' | 'clientsPerRound' | 'secureAggregation' | 'strategy'> = {
  rounds: 20,
  minClients: 30,
  clientsPerRound: 40,
  secureAggregation: { enabled: true } as JobConfig['secureAggregation'],
  strategy: { name: 'fedavg' },
};

function resolved(adaptiveClipping: object | null, noiseMultiplier?: number): PrivacyConfig {
  const r = resolvePrivacy({ epsilon: 4, delta: 1e-6, clip: 0.1, samplingRate: 0.04, adaptiveClipping, ...(noiseMultiplier ? { noiseMultiplier } : {}) }, job, { enrolled: 1000, needsIndividualUpdates: false, updateBoundGiven: false });
  expect(r.problems).toEqual([]);
  const d = resolveDdg(r.privacy!, job, P);
  expect(d.problems).toEqual([]);
  return d.privacy!;
}

const outcome = (data: Float32Array): TrainOutcome => ({ weights: { layout, data }, numExamples: 1, metrics: { loss: 0, accuracy: 0, examplesProcessed: 1, seconds: 0 }, proximalMu: 0 });

/** An update of L2 norm `norm` (direction varies by client). */
const updateOfNorm = (norm: number, k: number): Float32Array => {
  const u = Float32Array.from({ length: P }, (_, i) => Math.sin(i * 0.7 + k));
  const n = Math.hypot(...u);
  return u.map((v) => (v * norm) / n);
};

/** One round through the client encoder and the Z_2^32 sum; the coordinator's noisy Σ(b − ½). */
function round(privacy: PrivacyConfig, clip: number, norms: number[], trial: number): { centred: number; ddg: TaskDdg } {
  const ddg = ddgTaskFor(privacy.ddg!, privacy.clip, norms.length, seedOf(trial, 0), clip);
  const task = { ...taskPrivacy(privacy, { cohort: norms.length, minClients: job.minClients, clip }), ddg };
  const global = { layout, data: new Float32Array(P) };
  const sum = new Uint32Array(ddgVectorLength(ddg));
  norms.forEach((norm, k) => {
    const enc = encodeDdgSecureUpdate(global, outcome(updateOfNorm(norm, k)), task, new RandomBits(seededRandom(seedOf(trial, k + 1))));
    expect(enc.values.length).toBe(sum.length);
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] + enc.values[i]) >>> 0;
  });
  return { centred: ddgUnclippedCentred(sum, ddg)!, ddg };
}

describe('adaptive clipping: client encode (bit in the masked vector) → Z_2^32 sum → coordinator count → next C', () => {
  const privacy = resolved({});
  const g = privacy.ddg!;
  const ac = privacy.adaptiveClipping!;

  it("resolves TFF's defaults and a count coordinate whose noise is ≥ σ_b at the fewest contributors", () => {
    expect(ac).toMatchObject({ targetUnclipped: 0.5, learningRate: 0.2, countStddev: 0.05 * 40 });
    expect(g.countAmplitude).toBeGreaterThanOrEqual(1);
    expect((Math.sqrt(g.minContributors) * g.localStddev) / (2 * g.countAmplitude!)).toBeGreaterThanOrEqual(ac.countStddev);
    // The total z splits as 1/z² = 1/z_Δ² + 1/(2σ_b')², σ_b' the count's actual noise √n·σ/(2a) and z_Δ the update's √n·σ/c.
    const n = g.minContributors;
    const zUpdate = (Math.sqrt(n) * g.localStddev) / (privacy.clip * g.scale);
    const countNoise = (Math.sqrt(n) * g.localStddev) / (2 * g.countAmplitude!);
    expect(ac.updateNoiseMultiplier).toBeCloseTo(zUpdate, 9);
    expect((zUpdate ** -2 + (2 * countNoise) ** -2) ** -0.5).toBeCloseTo(privacy.noiseMultiplier, 9);
  });

  it.each([
    { clipped: 36, way: 'grows', trials: 1 },
    { clipped: 4, way: 'shrinks', trials: 11 },
  ])('C $way when $clipped of 40 updates are clipped, by the closed form C·exp(−η(b̃ − γ))', ({ clipped, way, trials }) => {
    let l = newLedger(privacy);
    for (let r = 0; r < 3; r++) {
      const C = currentClip(l);
      const norms = Array.from({ length: 40 }, (_, k) => (k < clipped ? 10 * C : C / 10));
      const { centred } = round(privacy, C, norms, trials + r);
      const adapted = adaptClip(privacy, C, centred, job.clientsPerRound);
      expect(adapted.unclippedFraction < 0.5).toBe(way === 'grows');
      l = withClip(charge(l, roundEvent(privacy, 40)), adapted);
      expect(currentClip(l) > C).toBe(way === 'grows');
      expect(currentClip(l)).toBeCloseTo(C * Math.exp(-0.2 * (adapted.unclippedFraction - 0.5)), 12);
    }
  });

  it('the decoded count is Σ(b − ½) plus noise of stddev √n·σ/(2a) ≥ σ_b', () => {
    const n = 40;
    const errs: number[] = [];
    for (let r = 0; r < 30; r++) {
      const norms = Array.from({ length: n }, (_, k) => (k % 4 === 0 ? 1 : 0.01)); // 10 clipped: Σ(b − ½) = 30 − 20 = 10
      errs.push(round(privacy, 0.1, norms, 40 + r).centred - 10);
    }
    const sd = Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length);
    const want = (Math.sqrt(n) * g.localStddev) / (2 * g.countAmplitude!);
    expect(sd).toBeGreaterThan(want * 0.6);
    expect(sd).toBeLessThan(want * 1.4);
    expect(want).toBeGreaterThanOrEqual(ac.countStddev);
  });

  it('the round scale keeps c = C·s: the same σ, bits and accounting whatever C is', () => {
    const a = ddgTaskFor(g, privacy.clip, 40, new Uint8Array(32), 0.1);
    const b = ddgTaskFor(g, privacy.clip, 40, new Uint8Array(32), 3.7);
    expect(b.scale * 3.7).toBeCloseTo(a.scale * 0.1, 9);
    expect(b.bits).toBe(a.bits);
    expect(b.localVariance).toBe(a.localVariance);
    expect(b.countAmplitude).toBe(g.countAmplitude);
  });

  it('ε over the planned rounds is the accountant’s for the joint vector (update + count word), within the budget', () => {
    let l = newLedger(privacy);
    for (let t = 0; t < job.rounds; t++) l = charge(l, roundEvent(privacy, g.minContributors));
    const direct = new RdpAccountant().compose({ ...ddgEvent(privacy, g.minContributors) }, job.rounds).epsilon(privacy.delta);
    expect(ddgEvent(privacy, 40).countAmplitude).toBe(g.countAmplitude);
    expect(l.epsilonSpent).toBeCloseTo(direct.epsilon, 10);
    expect(l.epsilonSpent).toBeLessThanOrEqual(4);
    // Without the count word the same σ would spend less: the count is charged.
    const noCount = new RdpAccountant().compose({ ...ddgEvent(privacy, g.minContributors), countAmplitude: 0 }, job.rounds).epsilon(privacy.delta);
    expect(noCount.epsilon).toBeLessThan(direct.epsilon);
  });

  it('a given z is split as TFF does: z_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2) for the update', () => {
    const p = resolved({ countStddev: 2 }, 1.2);
    expect(p.adaptiveClipping!.updateNoiseMultiplier).toBeCloseTo(updateNoiseMultiplier(1.2, 2), 12);
    const c = p.clip * p.ddg!.scale;
    expect((Math.sqrt(p.ddg!.minContributors) * p.ddg!.localStddev) / c).toBeCloseTo(updateNoiseMultiplier(1.2, 2), 9);
  });
});
