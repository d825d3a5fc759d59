/**
 * `fl-client --min-threshold T` against a secure round's actual threshold t
 * (docs/privacy.md "Client policy"), over real sockets: real edge-client
 * agents (apps/edge-client Agent + Connection, echo training) and the real
 * coordinator. t is not in the task; an agent learns it from the
 * advertise-keys request and, when t < T, sends nothing that depends on it:
 * it withdraws from the task (`task:withdraw`, POLICY_THRESHOLD_TOO_LOW), the
 * round records the refusal in its failures and goes on without it (no stage
 * timeout), and the agents whose policy the round meets complete it.
 */
import { PolicyRefusalCode, type JobView } from '@fl/protocol';
import { Agent, type TaskOutcome } from '../../apps/edge-client/src/agent';
import { Connection } from '../../apps/edge-client/src/connection';
import type { Fields, Log } from '../../apps/edge-client/src/log';
import { ephemeralIdentity } from '../../apps/edge-client/src/secagg/identity';
import { EchoTrainer } from '../../apps/edge-client/src/trainers/echo-trainer';
import { startHarness, until, type Harness } from './support/harness';
import { enrollmentToken } from './support/scripted-client';

const DATASET = 'thr';

interface Edge {
  name: string;
  conn: Connection;
  agent: Agent;
  outcomes: TaskOutcome[];
  warnings: Array<{ event: string; message: string; fields?: Fields }>;
}

describe('--min-threshold against the secure round\'s threshold t (real edge agents, e2e)', () => {
  let h: Harness;
  const edges: Edge[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const e of edges) e.conn.close();
    await h.close();
  });

  async function edge(name: string, minThreshold?: number): Promise<Edge> {
    const identity = ephemeralIdentity();
    const warnings: Edge['warnings'] = [];
    const log: Log = { info: () => {}, warn: (event, message, fields) => warnings.push({ event, message, fields }), round: () => {} };
    const registration = { name, dataset: { name: DATASET, numExamples: 10 }, backend: 'none' as const };
    const conn = new Connection({ url: h.url, log, registration, identity, enrollToken: await enrollmentToken(h), reconnectionDelay: 50, reconnectionDelayMax: 200 });
    const agent = new Agent({ connection: conn, trainer: new EchoTrainer({ name: DATASET, numExamples: 10 }), log, echo: true, identity, privacyPolicy: minThreshold === undefined ? undefined : { minThreshold } });
    const e: Edge = { name, conn, agent, outcomes: [], warnings };
    agent.onTaskDone((o) => e.outcomes.push(o));
    conn.start();
    await conn.whenRegistered(10_000);
    edges.push(e);
    return e;
  }

  it('an agent with T above the round\'s t withdraws at advertise-keys, recorded as POLICY_THRESHOLD_TOO_LOW; the round completes with the others, T = t included', async () => {
    // Prepare: 4 members, so t = 3 (complete graph, active model); one requires 4, one requires exactly 3.
    const [a, b] = [await edge('open-a'), await edge('open-b')];
    const satisfied = await edge('satisfied', 3);
    const strict = await edge('strict', 4);
    const id = (e: Edge) => e.conn.clientId!;
    const created = await h.createJob({
      model: { builtin: 'synthetic', params: 20 }, dataset: DATASET, rounds: 1, clientsPerRound: 4, minClients: 3, overSelection: 0, maxRoundRetries: 0,
      roundDeadlineSeconds: 30, waitForClientsSeconds: 20, evaluate: false, secureAggregation: { stageTimeoutSeconds: 20 },
    });
    // Execute
    await h.startJob(created.id);
    const job: JobView = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 60_000);
    await until(() => edges.every((e) => e.outcomes.length === 1), 10_000, 'every agent to finish its task');
    // Assert: the round ran with t = 3 for 4 members; strict left at advertise-keys, the others completed it.
    expect(job.status).toBe('completed');
    const r = job.rounds[0];
    expect(r.secureAggregation).toMatchObject({ n: 4, t: 3, survivors: 3 });
    expect(r.secureAggregation!.stageSurvivors).toMatchObject({ 'advertise-keys': 3 });
    expect(r.secureAggregation!.stageSeconds['advertise-keys']).toBeLessThan(10); // not timed out (stage timeout 20 s)
    expect(r.participants.sort()).toEqual([id(a), id(b), id(satisfied)].sort());
    expect(r.failures).toEqual([
      { clientId: id(strict), code: PolicyRefusalCode.ThresholdTooLow, reason: "withdrew from the task: policy: the secure round's threshold is t = 3, so a sum of 3 client(s) can be unmasked; at least 4 required" },
    ]);
    const steps = r.members!.find((m) => m.clientId === id(strict))!.steps.map((s) => s.code ?? s.state);
    expect(steps).not.toContain('advertise-keys'); // it answered nothing
    expect(steps[steps.length - 1]).toBe(PolicyRefusalCode.ThresholdTooLow);
    // The agents' side: strict's task failed with the policy code and said why; the rest delivered.
    expect(strict.outcomes).toEqual([expect.objectContaining({ ok: false, code: PolicyRefusalCode.ThresholdTooLow })]);
    expect(strict.warnings.filter((w) => w.event === 'policy_withdraw')).toEqual([expect.objectContaining({ message: expect.stringContaining('withdrawing from the task (POLICY_THRESHOLD_TOO_LOW)') })]);
    for (const e of [a, b, satisfied]) expect([e.name, e.outcomes]).toEqual([e.name, [expect.objectContaining({ ok: true })]]);
    expect(satisfied.warnings).toEqual([]);
  });
});
