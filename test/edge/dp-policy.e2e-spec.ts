/**
 * Real coordinator and real fl-client processes (echo mode, so no TF.js):
 * - `--min-threshold 4` in a secure round of 4 members (t = 3): the client
 *   learns t at advertise-keys, answers nothing and withdraws; the round
 *   records POLICY_THRESHOLD_TOO_LOW in its failures and completes with the
 *   other three (docs/privacy.md "Client policy");
 * - `--attack unclipped` in a DP secure round: a member that skips clipping
 *   and masks an update of 100·S fails the attempt with SUM_OUT_OF_RANGE, and
 *   no model is released (docs/privacy.md "Range check"); without it the same
 *   DP job completes.
 */
import { join } from 'node:path';
import { JobStatus, PolicyRefusalCode, type JobView } from '@fl/protocol';
import { Children, ApiClient, followJob, scratchDir, startClients, startCoordinator, withEnrollment, waitFor, waitForClients } from './support/edge-fixture';

jest.setTimeout(150_000);

const DATASET = 'dp-policy';
const job = (api: ApiClient, extra: Record<string, unknown>) =>
  api.jobs.create({
    model: { builtin: 'synthetic', params: 300 }, dataset: DATASET, rounds: 1, clientsPerRound: 4, minClients: 3, overSelection: 0, maxRoundRetries: 0,
    evaluate: false, roundDeadlineSeconds: 30, waitForClientsSeconds: 30, secureAggregation: { stageTimeoutSeconds: 20 }, ...extra,
  });

describe('fl-client --min-threshold and --attack unclipped against the real coordinator (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('withdraws from a round whose t is below its threshold (recorded, the round completes); an unclipped member fails a DP round with SUM_OUT_OF_RANGE', async () => {
    // Prepare: 3 honest clients and one requiring t ≥ 4.
    const dir = scratchDir('dp-policy');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const honest = ['h-0', 'h-1', 'h-2'].map((name) => ({ name, data: DATASET, echo: true, examples: 10 }));
    const [strict] = startClients(children, coordinator.url, await withEnrollment(api, [{ name: 'strict', data: DATASET, echo: true, examples: 10, minThreshold: 4 }], dir), dir);
    startClients(children, coordinator.url, await withEnrollment(api, honest, dir), dir);
    await waitForClients(api, DATASET, 4, 30_000);
    const ids = Object.fromEntries((await api.clients.list()).map((c) => [c.name, c.id]));
    const gone = (name: string) => waitFor(`${name} to be disconnected`, async () => (await api.clients.list()).find((c) => c.name === name)?.connected === false, 15_000);

    // Execute 1: a secure round of the 4.
    const a = await job(api, {});
    await api.jobs.start(a.id);
    const doneA: JobView = await followJob(api, a.id, () => undefined, { timeoutMs: 60_000 });

    // Assert 1
    expect(doneA.status).toBe(JobStatus.Completed);
    const r = doneA.rounds[0];
    expect(r.secureAggregation).toMatchObject({ n: 4, t: 3, survivors: 3 });
    expect(r.participants.sort()).toEqual([ids['h-0'], ids['h-1'], ids['h-2']].sort());
    expect(r.failures).toEqual([{ clientId: ids.strict, code: PolicyRefusalCode.ThresholdTooLow, reason: expect.stringMatching(/^withdrew from the task: policy: the secure round's threshold is t = 3, .* at least 4 required$/) }]);

    // Execute 2: the strict client leaves, an unclipped one joins; a DP secure round of the 4.
    await children.stop(strict);
    await gone('strict');
    const [unclipped] = startClients(children, coordinator.url, await withEnrollment(api, [{ name: 'unclipped', data: DATASET, echo: true, examples: 10, attack: 'unclipped' }], dir), dir);
    await waitForClients(api, DATASET, 4, 30_000);
    const b = await job(api, { privacy: { epsilon: 50, delta: 1e-3, clip: 1, samplingRate: 1 } });
    const x0 = b.modelHash;
    await api.jobs.start(b.id);
    const doneB: JobView = await followJob(api, b.id, () => undefined, { timeoutMs: 60_000 });

    // Assert 2: refused, nothing released, nothing charged.
    expect(doneB.status).toBe(JobStatus.Failed);
    expect(doneB.rounds[0].cohort).toHaveLength(4);
    expect(doneB.rounds[0].failureReason).toMatch(/^secure aggregation refused the unmasked sum: SUM_OUT_OF_RANGE: the decoded sum has L2 norm .* that 4 clipped client\(s\) and their noise reach/);
    expect(doneB.modelHash).toBe(x0);
    expect(doneB.privacy).toMatchObject({ steps: 0, epsilonSpent: 0 });

    // Execute 3: without the unclipped member, the same DP secure job completes (every honest sum passes the check).
    await children.stop(unclipped);
    await gone('unclipped');
    await waitForClients(api, DATASET, 3, 30_000);
    const c = await job(api, { clientsPerRound: 3, rounds: 2, privacy: { epsilon: 50, delta: 1e-3, clip: 1, samplingRate: 1 } });
    await api.jobs.start(c.id);
    const doneC: JobView = await followJob(api, c.id, () => undefined, { timeoutMs: 60_000 });
    expect(doneC.status).toBe(JobStatus.Completed);
    expect(doneC.privacy).toMatchObject({ steps: 2 });
    expect(doneC.rounds.map((x) => x.failureReason ?? null)).toEqual([null, null]);
  });
});
