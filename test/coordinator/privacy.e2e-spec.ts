/**
 * Differential privacy in trusted-server mode (docs/privacy.md) against the
 * real coordinator with clients over real sockets: the job's ε after every
 * round (status and registry) is the accountant's for those parameters and
 * grows; a client claiming 10^9 examples with a huge update moves the DP
 * aggregate by its clipped share S/W plus noise, not more; a job stops before
 * a round that would exceed its budget, which only an admin may raise
 * (audited); a client's privacy policy refusal is recorded with its code;
 * bad settings are refused with 400. Under secure aggregation the clients add
 * distributed discrete Gaussian noise and each round is charged with the
 * noise of its survivors; a member that skips clipping fails the attempt
 * with SUM_OUT_OF_RANGE (the range check of the decoded sum). Adaptive
 * clipping (Andrew et al. NeurIPS 2021): each round's task carries the
 * current C, which grows when most updates are clipped and shrinks when few
 * are, from a noisy count (counted by the coordinator in trusted-server mode,
 * a masked word of each client's vector under secure aggregation); ε is the
 * accountant's at the total z.
 */
import { gaussianEpsilon, RdpAccountant, updateNoiseMultiplier } from '@fl/privacy';
import { PolicyRefusalCode, PRIVACY_BUDGET_EXHAUSTED, type JobView, type ModelVersionView, type RoundTask } from '@fl/protocol';
import { clipForPrivacy } from '../../apps/edge-client/src/dp-clip';
import { decideTask } from '../../apps/edge-client/src/policy';
import type { TrainOutcome } from '../../apps/edge-client/src/trainers/local-trainer';
import { ddgEvent } from '../../apps/coordinator/src/privacy/ddg-params';
import { unclippedDdgWords } from '../../apps/edge-client/src/attacks/ddg-attacks';
import { scriptedSuite, startHarness, type Harness } from './support/harness';
import { SecureClient, type SecureScript } from './support/secure-client';
import { PLAIN } from './support/plain';

const P = 100;
const layout = [{ name: 'w', shape: [P] }];

/** The edge client's clip step (apps/edge-client dp-clip) applied to x_t + c. */
function clippedTrain(c: number) {
  return (g: Float32Array, task: RoundTask): Float32Array => {
    const out: TrainOutcome = { weights: { layout, data: g.map((v) => v + c) }, numExamples: 10, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 10, seconds: 0 }, proximalMu: 0 };
    return clipForPrivacy(task, { layout, data: g }, out).weights.data;
  };
}

/** The edge client's adaptive-clipping bit for the same training (dp-clip's `unclipped`, sent with the commit). */
function clipBit(c: number) {
  return (g: Float32Array, task: RoundTask): Record<string, unknown> => {
    const out: TrainOutcome = { weights: { layout, data: g.map((v) => v + c) }, numExamples: 10, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 10, seconds: 0 }, proximalMu: 0 };
    const { unclipped } = clipForPrivacy(task, { layout, data: g }, out);
    return unclipped === undefined ? {} : { unclipped };
  };
}

describe('differential privacy (trusted-server mode)', () => {
  let h: Harness;
  const { enrol } = scriptedSuite((x) => (h = x), { closeClients: 'each' });

  const dpJob = (privacy: Record<string, unknown>, over: Record<string, unknown> = {}) =>
    h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 3, clientsPerRound: 3, minClients: 3, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 20, evaluate: false, secureAggregation: PLAIN, privacy, ...over });

  /** Runs the job until it ends, recording ε from the status after each completed round. */
  async function follow(id: string): Promise<{ job: JobView; seen: Map<number, number> }> {
    const seen = new Map<number, number>();
    const job = await h.waitJob(
      id,
      (j) => {
        if (j.privacy && j.completedRounds > 0) seen.set(j.completedRounds, j.privacy.epsilonSpent);
        return j.status !== 'running' && j.status !== 'created';
      },
      60_000,
    );
    return { job, seen };
  }

  it('3 rounds: ε after every round increases and is the accountant’s, in the status and on each registry version; the task carries S', async () => {
    const clients = await Promise.all([0.02, 0.05, 0.08].map((c, i) => enrol({ name: `dp-${i}`, dataset: 'synth', numExamples: 10, train: clippedTrain(c) })));
    const z = 1.2;
    const created = await dpJob({ epsilon: 100, delta: 1e-3, noiseMultiplier: z, clip: 0.3, samplingRate: 1 });
    expect(created.privacy).toMatchObject({ mode: 'trusted-server', steps: 0, epsilonSpent: 0, budgetEpsilon: 100, noiseMultiplier: z, clip: 0.3, samplingRate: 1 });
    await h.startJob(created.id);
    const { job, seen } = await follow(created.id);
    expect(job.status).toBe('completed');
    const want = [1, 2, 3].map((t) => gaussianEpsilon({ q: 1, noiseMultiplier: z, steps: t, delta: 1e-3 }).epsilon);
    expect(job.privacy!.epsilonSpent).toBeCloseTo(want[2], 10);
    expect(job.privacy!.steps).toBe(3);
    for (const [t, eps] of seen) expect(eps).toBeCloseTo(want[t - 1], 10);
    const versions = (await h.rest<ModelVersionView[]>('GET', `/models?jobId=${created.id}`)).body.filter((v) => v.round > 0);
    expect(versions.map((v) => v.privacy?.epsilon)).toEqual(want.map((w) => expect.closeTo(w, 10)));
    expect(versions.map((v) => v.privacy?.steps)).toEqual([1, 2, 3]);
    expect(want[0]).toBeLessThan(want[1]);
    expect(want[1]).toBeLessThan(want[2]);
    // Every train task carried the clip norm; the coordinator clipped the one update above it (0.08·√100 = 0.8 > 0.3).
    const task = clients[0].tasks.find((t) => t.kind === 'train')!;
    expect(task.privacy).toMatchObject({ mode: 'trusted-server', clip: 0.3, noiseMultiplier: z });
    expect(job.rounds[0].updateBound).toMatchObject({ action: 'clip', rule: 'fixed', bound: 0.3 });
  });

  it('a client claiming 10^9 examples with an update of 1e30 moves the aggregate by S/W (plus noise), not more', async () => {
    const S = 0.5;
    const z = 0.1;
    for (let i = 0; i < 3; i++) await enrol({ name: `quiet-${i}`, dataset: 'claim', numExamples: 10, perturbation: 0 });
    await enrol({ name: 'claimer', dataset: 'claim', numExamples: 1e9, maxExamples: 1e9, train: (g) => new Float32Array(g.length).fill(1e30) });
    const created = await dpJob({ epsilon: 1000, delta: 1e-3, noiseMultiplier: z, clip: S, samplingRate: 1 }, { dataset: 'claim', rounds: 1, clientsPerRound: 4, minClients: 4 });
    const x0 = Float32Array.from(await h.weights(created.modelHash));
    await h.startJob(created.id);
    const { job } = await follow(created.id);
    expect(job.status).toBe('completed');
    expect(job.rounds[0].participants).toHaveLength(4);
    const x1 = Float32Array.from(await h.weights(job.modelHash));
    // Δ = (clip(attacker) + N(0, (zS)² I)) / W with W = clientsPerRound = 4; clip(attacker) = S·1/√P.
    const W = 4;
    let along = 0;
    for (let i = 0; i < P; i++) along += (x1[i] - x0[i]) / Math.sqrt(P);
    const sd = (z * S) / W;
    expect(Math.abs(along - S / W)).toBeLessThan(6 * sd); // example weighting would give ≈ S (10^9 of 10^9 + 30)
    expect(along).toBeLessThan(S / W + 6 * sd);
  });

  it('stops before the round that would exceed the budget; viewers and operators cannot raise it, an admin can (audited), and the job resumes', async () => {
    for (let i = 0; i < 3; i++) await enrol({ name: `b-${i}`, dataset: 'budget', numExamples: 10, perturbation: 0.01 });
    const z = 2;
    const two = gaussianEpsilon({ q: 1, noiseMultiplier: z, steps: 2, delta: 1e-3 }).epsilon;
    const three = gaussianEpsilon({ q: 1, noiseMultiplier: z, steps: 3, delta: 1e-3 }).epsilon;
    const budget = (two + three) / 2;
    const created = await dpJob({ epsilon: budget, delta: 1e-3, noiseMultiplier: z, clip: 1, samplingRate: 1 }, { dataset: 'budget' });
    await h.startJob(created.id);
    const { job } = await follow(created.id);
    expect(job.status).toBe('stopped');
    expect(job.completedRounds).toBe(2);
    expect(job.statusReason).toMatch(new RegExp(`^${PRIVACY_BUDGET_EXHAUSTED}: round 3 would bring ε to`));
    expect(job.privacy!.epsilonSpent).toBeCloseTo(two, 10);
    expect(job.privacy!.epsilonSpent).toBeLessThanOrEqual(budget);
    // Raising: 403 for viewer and operator, 400 for a lower budget, 200 for an admin, audited.
    for (const role of ['viewer', 'operator'] as const) {
      const t = await h.tokenFor(role);
      const r = await h.rest<{ code: string }>('POST', `/jobs/${created.id}/privacy/budget`, { epsilon: 2 * three }, t.secret);
      expect([role, r.status, r.body.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
    expect((await h.rest('POST', `/jobs/${created.id}/privacy/budget`, { epsilon: budget / 2 })).status).toBe(400);
    const raised = await h.rest<JobView>('POST', `/jobs/${created.id}/privacy/budget`, { epsilon: 2 * three });
    expect(raised.status).toBe(200);
    expect(raised.body.privacy).toMatchObject({ budgetEpsilon: 2 * three, steps: 2 });
    const audit = (await h.rest<{ entries: { action: string; target: string; result: string }[] }>('GET', '/audit?limit=20')).body.entries;
    expect(audit.find((e) => e.action === 'jobs.raiseBudget' && e.result === 'ok')).toMatchObject({ target: created.id });
    expect(audit.filter((e) => e.action === 'jobs.raiseBudget' && e.result === '403')).toHaveLength(2);
    await h.startJob(created.id);
    const resumed = await follow(created.id);
    expect(resumed.job.status).toBe('completed');
    expect(resumed.job.privacy!.epsilonSpent).toBeCloseTo(three, 10);
  });

  it('a client whose policy the job breaks declines with a code the round records; the others train', async () => {
    for (let i = 0; i < 3; i++) await enrol({ name: `p-${i}`, dataset: 'policy', numExamples: 10, perturbation: 0.01 });
    const policy = { minNoiseMultiplier: 2, maxEpsilon: 50 };
    const strict = await enrol({ name: 'strict', dataset: 'policy', numExamples: 10, perturbation: 0.01, answer: (task) => decideTask(task, { dataset: 'policy', echo: true, busyWithJob: null, now: Date.now(), privacy: policy }) });
    const created = await dpJob({ epsilon: 20, delta: 1e-3, noiseMultiplier: 1.5, clip: 1, samplingRate: 1 }, { dataset: 'policy', rounds: 1 });
    await h.startJob(created.id);
    const { job } = await follow(created.id);
    expect(job.status).toBe('completed');
    expect(job.rounds[0].participants).toHaveLength(3);
    expect(job.rounds[0].failures).toEqual([{ clientId: strict.clientId, code: PolicyRefusalCode.NoiseTooLow, reason: 'declined the task: policy: noise multiplier 1.5 is below the required 2' }]);
  });

  it('adaptive clipping: C grows when most updates are clipped and shrinks when few are; tasks and versions carry each round’s C; ε is the accountant’s at the total z', async () => {
    const z = 0.5;
    const countStddev = 0.3; // 2σ_b = 0.6 > z
    const run = async (dataset: string, c: number) => {
      const clients = await Promise.all([0, 1, 2].map((i) => enrol({ name: `${dataset}-${i}`, dataset, numExamples: 10, train: clippedTrain(c), commitExtra: clipBit(c) })));
      const created = await dpJob({ epsilon: 1000, delta: 1e-3, noiseMultiplier: z, clip: 0.1, samplingRate: 1, adaptiveClipping: { countStddev } }, { dataset });
      expect(created.config.privacy!.adaptiveClipping).toMatchObject({ targetUnclipped: 0.5, learningRate: 0.2, countStddev, updateNoiseMultiplier: expect.closeTo(updateNoiseMultiplier(z, countStddev), 12) });
      await h.startJob(created.id);
      const { job } = await follow(created.id);
      expect(job.status).toBe('completed');
      const done = job.rounds.filter((r) => r.phase === 'done');
      const clips = done.map((r) => r.privacy!.clip!);
      expect(clips[0]).toBe(0.1);
      for (let i = 1; i < done.length; i++) expect(clips[i]).toBe(done[i - 1].privacy!.nextClip);
      for (const r of done) {
        expect(r.updateBound).toMatchObject({ bound: r.privacy!.clip }); // the coordinator's bound is the round's C
        expect(r.privacy!.nextClip).toBeCloseTo(r.privacy!.clip! * Math.exp(-0.2 * (r.privacy!.unclippedFraction! - 0.5)), 12);
        expect(r.privacy!.sumNoiseStddev).toBeCloseTo(updateNoiseMultiplier(z, countStddev) * r.privacy!.clip!, 12);
      }
      // Each round's train task told the clients its C.
      expect(clients[0].tasks.filter((t) => t.kind === 'train').map((t) => t.privacy!.clip)).toEqual(clips);
      const versions = (await h.rest<ModelVersionView[]>('GET', `/models?jobId=${created.id}`)).body.filter((v) => v.round > 0).sort((a, b) => a.round - b.round);
      expect(versions.map((v) => v.privacy?.clip)).toEqual(clips);
      expect(job.privacy!.clip).toBe(done[done.length - 1].privacy!.nextClip);
      // The count is charged: the total z, not the update's larger z_Δ.
      expect(job.privacy!.epsilonSpent).toBeCloseTo(gaussianEpsilon({ q: 1, noiseMultiplier: z, steps: 3, delta: 1e-3 }).epsilon, 10);
      return { clips, final: job.privacy!.clip, done };
    };
    // Norm c·√P = 10c: 5 ≫ C (all clipped) vs 0.001 ≪ C (none clipped); the count noise σ_b/W = 0.1 on b̃ cannot flip the direction.
    const grows = await run('ac-big', 0.5);
    expect(grows.done.every((r) => r.privacy!.unclippedFraction! < 0.5)).toBe(true);
    expect([...grows.clips, grows.final]).toEqual([...grows.clips, grows.final].sort((a, b) => a - b));
    expect(grows.final).toBeGreaterThan(0.1);
    const shrinks = await run('ac-small', 0.0001);
    expect(shrinks.done.every((r) => r.privacy!.unclippedFraction! > 0.5)).toBe(true);
    expect([...shrinks.clips, shrinks.final]).toEqual([...shrinks.clips, shrinks.final].sort((a, b) => b - a));
    expect(shrinks.final).toBeLessThan(0.1);
  });

  it('refuses bad privacy settings with 400 and a clear message', async () => {
    const base = { model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 3, clientsPerRound: 3, secureAggregation: PLAIN };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, privacy: { epsilon: 1, delta: 0.2, clip: 1, samplingRate: 1 } }, /privacy.delta 0.2 is too large for a population/],
      [{ ...base, privacy: { epsilon: 1, delta: 1e-6, clip: 0, samplingRate: 1 } }, /privacy.clip/],
      [{ ...base, privacy: { epsilon: 1, delta: 1e-6, clip: 1, samplingRate: 0 } }, /samplingRate/],
      [{ ...base, strategy: { name: 'fedmedian' }, privacy: { epsilon: 1, delta: 1e-6, clip: 1, samplingRate: 1 } }, /needs individual updates/],
      [{ ...base, privacy: { epsilon: 100, delta: 1e-6, clip: 1, samplingRate: 1, noiseMultiplier: 2, adaptiveClipping: { countStddev: 1 } } }, /2σ_b must exceed z/],
      [{ ...base, privacy: { epsilon: 1, delta: 1e-6, clip: 1, samplingRate: 1, adaptiveClipping: { targetUnclipped: 1.5 } } }, /targetUnclipped \(γ\) must be in \(0, 1\)/],
      [{ ...base, privacy: { epsilon: 1, delta: 1e-6, clip: 1, samplingRate: 1, adaptiveClipping: { gamma: 0.5 } } }, /gamma should not exist/],
    ];
    for (const [body, msg] of cases) {
      const r = await h.rest<{ message: string[] }>('POST', '/jobs', body);
      expect(r.status).toBe(400);
      expect(r.body.message.join('; ')).toMatch(msg);
    }
  });
});

describe('differential privacy under secure aggregation (distributed discrete Gaussian)', () => {
  let h: Harness;
  const all: SecureClient[] = [];
  const enrol = async (script: SecureScript) => {
    const c = await SecureClient.enrol(h, { dataset: 'dsec', ...script });
    all.push(c);
    return c;
  };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => {
    for (const c of all.splice(0)) c.close();
  });
  afterAll(() => h.close());

  /** ε of the rounds released, each charged with its contributors (the accountant's own composition). */
  function expectedEpsilon(job: JobView): number[] {
    const acc = new RdpAccountant('dp-accounting');
    return job.rounds
      .filter((r) => r.phase === 'done')
      .map((r) => acc.compose(ddgEvent(job.config.privacy!, r.privacy!.contributors)).epsilon(job.config.privacy!.delta).epsilon);
  }

  it('3 secure rounds: clients add the noise, ε after every round is the accountant’s for the survivors, a dropout is charged as such', async () => {
    // Prepare: 4 members (q = 1: all sampled); one vanishes at masked input in round 1, whose sum then carries 3 clients' noise.
    for (let i = 0; i < 3; i++) await enrol({ name: `s-${i}`, perturbation: 0.01 * (i + 1) });
    await enrol({ name: 'leaver', perturbation: 0.05, dropAt: 'masked-input' });
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: P }, dataset: 'dsec', rounds: 3, clientsPerRound: 3, minClients: 3, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 20,
      evaluate: false, secureAggregation: { stageTimeoutSeconds: 5 }, privacy: { epsilon: 40, delta: 1e-3, clip: 1, samplingRate: 1 },
    });
    expect(created.config.privacy).toMatchObject({ mode: 'distributed-ddg', calibrated: true, ddg: { dim: 128, minContributors: 3 } });
    expect(created.privacy).toMatchObject({ mode: 'distributed-ddg', steps: 0 });
    // Execute
    await h.startJob(created.id);
    const job = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 90_000);
    // Assert
    expect(job.status).toBe('completed');
    const done = job.rounds.filter((r) => r.phase === 'done');
    expect(done).toHaveLength(3);
    for (const r of done) expect(r.privacy).toMatchObject({ mode: 'distributed-ddg', contributors: r.participants.length });
    expect(done[0].cohort).toHaveLength(4);
    expect(done[0].privacy!.contributors).toBe(3); // the leaver's noise left with it
    const want = expectedEpsilon(job);
    expect(job.privacy!.epsilonSpent).toBeCloseTo(want[2], 10);
    expect(job.privacy!.epsilonSpent).toBeLessThanOrEqual(40);
    const versions = (await h.rest<ModelVersionView[]>('GET', `/models?jobId=${created.id}`)).body.filter((v) => v.round > 0);
    expect(versions.map((v) => v.privacy?.epsilon)).toEqual(want.map((w) => expect.closeTo(w, 10)));
    expect(want[0]).toBeLessThan(want[1]);
    expect(want[1]).toBeLessThan(want[2]);
    expect(versions.every((v) => v.secureAggregation)).toBe(true);
    // The released model carries the clients' noise and no other: per coordinate Δ ≈ N(0, (σ_sum/W)²), σ_sum = √n·σ/s.
    const x0 = await h.weights(created.modelHash);
    const x1 = await h.weights(versions[0].hash);
    const moved = Array.from(x1, (v, i) => v - x0[i]);
    const variance = moved.reduce((a, d) => a + d * d, 0) / P;
    const target = (done[0].privacy!.sumNoiseStddev / 3) ** 2;
    expect(variance / target).toBeGreaterThan(0.6);
    expect(variance / target).toBeLessThan(1.5);
  });

  it('adaptive clipping under secure aggregation: each client’s unclipped bit travels as a masked word; C follows the noisy count, ε is the accountant’s for the joint vector', async () => {
    // Prepare: perturbation 0.5 per coordinate is an update of norm 5 ≫ C = 0.1: every update is clipped, so C must grow.
    for (let i = 0; i < 3; i++) await enrol({ name: `ac-${i}`, perturbation: 0.5 });
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: P }, dataset: 'dsec', rounds: 3, clientsPerRound: 3, minClients: 3, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 20,
      evaluate: false, secureAggregation: { stageTimeoutSeconds: 5 }, privacy: { epsilon: 40, delta: 1e-3, clip: 0.1, samplingRate: 1, adaptiveClipping: { countStddev: 0.3 } },
    });
    const g = created.config.privacy!.ddg!;
    expect(g.countAmplitude).toBeGreaterThanOrEqual(1);
    expect((Math.sqrt(g.minContributors) * g.localStddev) / (2 * g.countAmplitude!)).toBeGreaterThanOrEqual(0.3);
    // Execute
    await h.startJob(created.id);
    const job = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 90_000);
    // Assert
    expect(job.status).toBe('completed');
    const done = job.rounds.filter((r) => r.phase === 'done');
    expect(done).toHaveLength(3);
    expect(done[0].privacy!.clip).toBe(0.1);
    for (let i = 1; i < 3; i++) expect(done[i].privacy!.clip).toBe(done[i - 1].privacy!.nextClip);
    // Σ(b − ½) = −1.5 with count noise of stddev ≈ 0.3: b̃ = X̃/3 + ½ stays below ½ (a flip needs a 5σ draw).
    for (const r of done) expect(r.privacy!.unclippedFraction!).toBeLessThan(0.5);
    expect(job.privacy!.clip).toBeGreaterThan(done[2].privacy!.clip!);
    expect(done[2].privacy!.clip).toBeGreaterThan(0.1);
    const want = expectedEpsilon(job);
    expect(ddgEvent(job.config.privacy!, 3).countAmplitude).toBe(g.countAmplitude);
    expect(job.privacy!.epsilonSpent).toBeCloseTo(want[2], 10);
    expect(job.privacy!.epsilonSpent).toBeLessThanOrEqual(40);
  });

  it('a member that skips clipping (a 100× update, its own noise added) fails the attempt with SUM_OUT_OF_RANGE: no model released, nothing charged', async () => {
    for (let i = 0; i < 3; i++) await enrol({ name: `h-${i}`, perturbation: 0.01 * (i + 1) });
    await enrol({ name: 'unclipped', perturbation: 0.01, choose: (_own, task) => unclippedDdgWords(task)! });
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: P }, dataset: 'dsec', rounds: 1, clientsPerRound: 4, minClients: 3, overSelection: 0, maxRoundRetries: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 20,
      evaluate: false, secureAggregation: { stageTimeoutSeconds: 5 }, privacy: { epsilon: 40, delta: 1e-3, clip: 1, samplingRate: 1 },
    });
    await h.startJob(created.id);
    const job = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 60_000);
    expect(job.status).toBe('failed');
    expect(job.rounds[0].cohort).toHaveLength(4);
    expect(job.rounds[0].failureReason).toMatch(/^secure aggregation refused the unmasked sum: SUM_OUT_OF_RANGE: the decoded sum has L2 norm .* above the .* that 4 clipped client\(s\) and their noise reach/);
    expect(job.modelHash).toBe(created.modelHash);
    expect(job.completedRounds).toBe(0);
    expect(job.privacy).toMatchObject({ steps: 0, epsilonSpent: 0 });
    expect((await h.rest<ModelVersionView[]>('GET', `/models?jobId=${created.id}`)).body.filter((v) => v.round > 0)).toEqual([]);
  });

  it('refuses a configuration whose noise does not fit the 32-bit modulus', async () => {
    const r = await h.rest<{ message: string[] }>('POST', '/jobs', {
      model: { builtin: 'synthetic', params: P }, dataset: 'dsec', rounds: 3, clientsPerRound: 4, minClients: 3, privacy: { epsilon: 1, delta: 1e-6, clip: 1, samplingRate: 1, noiseMultiplier: 1e7 },
    });
    expect(r.status).toBe(400);
    expect(r.body.message.join('; ')).toMatch(/MODULUS_TOO_SMALL/);
  });
});
