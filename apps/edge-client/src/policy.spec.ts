import type { RoundTask } from '@fl/protocol';
import { decideTask, thresholdBreach, type PolicyContext } from './policy';

const NOW = 1_700_000_000_000;

function task(over: Partial<RoundTask> = {}, model: Partial<RoundTask['model']> = {}): RoundTask {
  return {
    taskId: 't1',
    kind: 'train',
    jobId: 'j1',
    round: 1,
    attempt: 1,
    dataset: 'mnist',
    model: { hash: 'a'.repeat(64), bytes: 100, chunkBytes: 64, chunks: 2, layout: [], topology: {}, ...model },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
    seed: 7,
    deadline: NOW + 60_000,
    ...over,
  };
}

const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({ dataset: 'mnist', echo: false, busyWithJob: null, now: NOW, ...over });

describe(decideTask.name, () => {
  it('accepts a well-formed task for the dataset it holds', () => {
    expect(decideTask(task(), ctx())).toEqual({ accepted: true });
  });

  it('declines a dataset it does not hold', () => {
    const r = decideTask(task({ dataset: 'cifar10' }), ctx());
    expect(r.accepted).toBe(false);
    expect(r.reason).toContain('"cifar10" is not held here');
  });

  it('declines layout-only models unless in echo mode', () => {
    expect(decideTask(task({}, { topology: null }), ctx()).reason).toContain('layout-only');
    expect(decideTask(task({}, { topology: null }), ctx({ echo: true }))).toEqual({ accepted: true });
  });

  it('declines evaluate tasks in echo mode', () => {
    expect(decideTask(task({ kind: 'evaluate' }), ctx({ echo: true })).reason).toContain('does not evaluate');
    expect(decideTask(task({ kind: 'evaluate' }), ctx())).toEqual({ accepted: true });
  });

  it('declines a deadline that has passed (boundary: equal to now)', () => {
    expect(decideTask(task({ deadline: NOW }), ctx()).reason).toContain('deadline already passed');
    expect(decideTask(task({ deadline: NOW + 1 }), ctx()).accepted).toBe(true);
  });

  it('declines an inconsistent chunk count and oversized models', () => {
    expect(decideTask(task({}, { chunks: 3 }), ctx()).reason).toContain('chunk count');
    expect(decideTask(task({}, { bytes: 2 ** 40, chunks: 2 ** 34 }), ctx()).reason).toContain('model size');
  });

  it('declines another job while busy but takes a newer task of the same job', () => {
    expect(decideTask(task({ jobId: 'j2' }), ctx({ busyWithJob: 'j1' })).reason).toContain('busy with job j1');
    expect(decideTask(task(), ctx({ busyWithJob: 'j1' })).accepted).toBe(true);
  });

  it('declines a secure task in the active model when the client has no signing key', () => {
    const secure = { threatModel: 'active' as const, clip: 1, bits: 24, nMax: 8, weightCap: 100, vectorLength: 10 };
    expect(decideTask(task({ secure }), ctx({ hasSigningKey: false })).reason).toContain('no signing key');
    expect(decideTask(task({ secure: { ...secure, threatModel: 'semi-honest' } }), ctx({ hasSigningKey: false })).accepted).toBe(true);
    expect(decideTask(task({ secure }), ctx({ hasSigningKey: true })).accepted).toBe(true);
  });
});

describe('privacy policy', () => {
  const dp = { mode: 'trusted-server' as const, clip: 1, noiseMultiplier: 1.1, epsilon: 3, delta: 1e-6, samplingRate: 0.1, cohort: 12, minContributors: 5 };
  const secure = { threatModel: 'active' as const, clip: 1, bits: 24, nMax: 12, weightCap: 100, vectorLength: 10 };
  const refuse = (t: RoundTask, privacy: PolicyContext['privacy']) => decideTask(t, ctx({ privacy }));

  it('accepts a task that meets every requirement', () => {
    expect(refuse(task({ privacy: dp, secure }), { requireDp: true, minNoiseMultiplier: 1, maxEpsilon: 3, requireSecure: 'active', minCohort: 12, minThreshold: 5 })).toEqual({ accepted: true });
    expect(refuse(task(), {})).toEqual({ accepted: true });
  });

  it('refuses each breach with its code and a reason', () => {
    const cases: [RoundTask, PolicyContext['privacy'], string, RegExp][] = [
      [task(), { requireDp: true }, 'POLICY_DP_REQUIRED', /not differentially private/],
      [task(), { maxEpsilon: 5 }, 'POLICY_DP_REQUIRED', /not differentially private/],
      [task({ privacy: dp }), { minNoiseMultiplier: 1.2 }, 'POLICY_NOISE_TOO_LOW', /1.1 is below the required 1.2/],
      [task({ privacy: dp }), { maxEpsilon: 2 }, 'POLICY_EPSILON_TOO_HIGH', /ε = 3 is above the allowed 2/],
      [task({ privacy: dp }), { requireSecure: 'semi-honest' }, 'POLICY_SECURE_REQUIRED', /does not use secure aggregation/],
      [task({ privacy: dp, secure: { ...secure, threatModel: 'semi-honest' } }), { requireSecure: 'active' }, 'POLICY_THREAT_MODEL', /semi-honest is weaker than the required active/],
      [task({ privacy: dp }), { minCohort: 13 }, 'POLICY_COHORT_TOO_SMALL', /cohort of 12; at least 13/],
      [task(), { minCohort: 2 }, 'POLICY_COHORT_TOO_SMALL', /does not state its cohort size/],
      [task({ privacy: dp }), { minThreshold: 6 }, 'POLICY_THRESHOLD_TOO_LOW', /only 5 contributor/],
      [task({ privacy: dp, secure }), { minThreshold: 6 }, 'POLICY_THRESHOLD_TOO_LOW', /only 5 contributor/],
      [task(), { minThreshold: 2 }, 'POLICY_THRESHOLD_TOO_LOW', /not secure and states no minimum of contributors; at least 2 required/],
    ];
    for (const [t, policy, code, reason] of cases) {
      const r = refuse(t, policy);
      expect([code, r.accepted, r.code]).toEqual([code, false, code]);
      expect(r.reason).toMatch(reason);
    }
  });

  it('--min-threshold: a secure task is taken (its threshold t comes at advertise-keys), and t is checked there', () => {
    expect(refuse(task({ secure }), { minThreshold: 50 })).toEqual({ accepted: true });
    expect(thresholdBreach(4, { minThreshold: 4 })).toBeNull();
    expect(thresholdBreach(9, { minThreshold: 4 })).toBeNull();
    expect(thresholdBreach(3, {})).toBeNull();
    expect(thresholdBreach(3, { minThreshold: 4 })).toEqual({ code: 'POLICY_THRESHOLD_TOO_LOW', reason: "policy: the secure round's threshold is t = 3, so a sum of 3 client(s) can be unmasked; at least 4 required" });
    expect(thresholdBreach(Number.NaN, { minThreshold: 1 })?.code).toBe('POLICY_THRESHOLD_TOO_LOW');
  });

  it('does not apply to evaluate tasks', () => {
    expect(refuse(task({ kind: 'evaluate' }), { requireDp: true })).toEqual({ accepted: true });
  });
});
