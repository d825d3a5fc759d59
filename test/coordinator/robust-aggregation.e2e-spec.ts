/**
 * Robust aggregation end to end: a real plain job per robust strategy, seven
 * scripted clients, one of them malicious (its update is +1000 on every
 * weight and it claims 1000× the examples of the others). Each new global
 * model must be the hand-computed robust aggregate of the six honest updates,
 * nowhere near the malicious one; FedAvg on the same cohort is dragged away,
 * which shows the cohort really carries the attack. Also: job creation
 * refuses a robust rule with secure aggregation and a precondition that
 * minClients cannot meet.
 */
import type { JobView, StrategyConfig } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';

interface HttpError {
  message: string[] | string;
}

/** Honest perturbations c_k (x_k = x_t + c_k): spread unevenly, so Krum's scores do not tie. */
const HONEST = [0.01, 0.02, 0.03, 0.05, 0.08, 0.13];
const EVIL = 1000;
/** Large enough that the strategy step runs in the aggregate worker thread (7 updates × P ≥ IN_THREAD_WORK), with the updates transferred there. */
const P = 80_000;
const NO_BOUND = { updateBound: { action: 'off' } };

describe('robust aggregation (plain jobs)', () => {
  let h: Harness;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    h = await startHarness();
    for (const c of HONEST) clients.push(await ScriptedClient.enrol(h, { dataset: 'robust', perturbation: c, numExamples: 10 }));
    clients.push(await ScriptedClient.enrol(h, { dataset: 'robust', perturbation: EVIL, numExamples: 10_000 }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  /** Runs one round with `strategy`; returns the job and the applied update x_1 − x_0 per coordinate. */
  async function oneRound(strategy: StrategyConfig, extra: Record<string, unknown> = {}): Promise<{ job: JobView; delta: Float32Array }> {
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: P },
      dataset: 'robust',
      rounds: 1,
      clientsPerRound: 7,
      minClients: 7,
      overSelection: 0,
      waitForClientsSeconds: 20,
      roundDeadlineSeconds: 20,
      evaluate: false,
      strategy,
      secureAggregation: PLAIN,
      ...extra,
    });
    const x0 = await h.weights(created.modelHash);
    await h.startJob(created.id);
    const job = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created');
    const x1 = await h.weights(job.modelHash);
    return { job, delta: x1.map((x, i) => x - x0[i]) };
  }

  /** Every coordinate of `delta` is within 1e-5 of `want`. */
  const near = (delta: Float32Array, want: number) => delta.every((d) => Math.abs(d - want) < 1e-5);

  it.each<[string, StrategyConfig, number]>([
    // median of {0.01, 0.02, 0.03, 0.05, 0.08, 0.13, 1000}: the 4th value
    ['fedmedian', { name: 'fedmedian' }, 0.05],
    // β = 0.2, n = 7: ⌊1.4⌋ = 1 dropped at each end → mean(0.02, 0.03, 0.05, 0.08, 0.13) = 0.062
    ['fedtrimmedavg', { name: 'fedtrimmedavg', beta: 0.2 }, 0.062],
    // f = 2: 3 neighbours; scores (in 1e-4·P): 0.01: 1+4+16, 0.02: 1+1+9, 0.03: 1+4+4 = 9 (lowest), 0.05: 4+9+9
    ['krum', { name: 'krum', f: 2 }, 0.03],
    // Multi-Krum m = 3: 0.03 (9), 0.02 (11), 0.01 (21; 0.05 scores 22) → mean 0.02
    ['multi-krum', { name: 'krum', f: 2, m: 3 }, 0.02],
  ])('%s ignores the far, heavy update: the model moves by the hand-computed robust aggregate', async (_, strategy, want) => {
    // The update bound is off, so the rule alone meets the full attack (the default bound would first clip the
    // updates above the round's median norm, 0.05 per coordinate, see bounded-influence.e2e-spec).
    const { job, delta } = await oneRound(strategy, NO_BOUND);
    expect(job.status).toBe('completed');
    expect(job.rounds[0].participants).toHaveLength(7); // the malicious update was accepted, then outvoted
    expect(near(delta, want)).toBe(true);
  });

  it('with the default bound the updates are clipped at the round\'s median norm before the rule runs', async () => {
    // Norms c·√P: the median is 0.05·√P, so 0.08, 0.13 and 1000 become 0.05; the trimmed mean of
    // {0.01, 0.02, 0.03, 0.05, 0.05, 0.05, 0.05} drops 0.01 and one 0.05 → mean(0.02, 0.03, 0.05, 0.05, 0.05) = 0.04.
    const { job, delta } = await oneRound({ name: 'fedtrimmedavg', beta: 0.2 });
    expect(job.status).toBe('completed');
    expect(job.rounds[0].updateBound).toMatchObject({ rule: 'median', clipped: 3, refused: 0, measured: 7 });
    expect(near(delta, 0.04)).toBe(true);
  });

  it('bulyan (f = 1) keeps every coordinate within the honest range', async () => {
    const { job, delta } = await oneRound({ name: 'bulyan', f: 1 }, NO_BOUND);
    expect(job.status).toBe('completed');
    expect(job.rounds[0].participants).toHaveLength(7);
    expect(delta.every((d) => d >= HONEST[0] - 1e-5 && d <= HONEST.at(-1)! + 1e-5)).toBe(true);
  });

  it('fedavg without the update bound is dragged towards the malicious update (the attack is real)', async () => {
    const { job, delta } = await oneRound({ name: 'fedavg' }, NO_BOUND);
    expect(job.status).toBe('completed');
    const want = (HONEST.reduce((s, c) => s + 10 * c, 0) + 10_000 * EVIL) / (60 + 10_000);
    expect(delta.every((d) => Math.abs(d - want) < 1e-2)).toBe(true);
    expect(want).toBeGreaterThan(900);
  });

  it('refuses a robust rule with secure aggregation (naming norm bounding), and a precondition minClients cannot meet', async () => {
    const secure = await h.rest<HttpError>('POST', '/jobs', { model: { builtin: 'synthetic', params: 16 }, dataset: 'd', clientsPerRound: 10, minClients: 10, strategy: { name: 'krum', f: 1 } });
    expect(secure.status).toBe(400);
    expect(secure.body.message).toEqual([expect.stringMatching(/^strategy krum needs individual updates, which secure aggregation never reveals.*norm bounding/)]);
    const tooFew = await h.rest<HttpError>('POST', '/jobs', {
      model: { builtin: 'synthetic', params: 16 },
      dataset: 'd',
      clientsPerRound: 10,
      minClients: 10,
      strategy: { name: 'bulyan', f: 2 },
      secureAggregation: PLAIN,
    });
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.message).toEqual([expect.stringMatching(/^strategy bulyan needs n ≥ 4f \+ 3 \(f = 2\), i\.e\. at least 11 updates per round; minClients is 10/)]);
    const badBeta = await h.rest<HttpError>('POST', '/jobs', { model: { builtin: 'synthetic', params: 16 }, dataset: 'd', strategy: { name: 'fedtrimmedavg', beta: 0.5 }, secureAggregation: PLAIN });
    expect(badBeta.status).toBe(400);
    expect(badBeta.body.message).toEqual([expect.stringContaining('strategy: beta must be a finite number in [0, 0.5)')]);
    const badF = await h.rest<HttpError>('POST', '/jobs', { model: { builtin: 'synthetic', params: 16 }, dataset: 'd', strategy: { name: 'krum', f: 1.5 }, secureAggregation: PLAIN });
    expect(badF.status).toBe(400);
  });
});
