/**
 * Evaluation end to end (docs/evaluation.md) against the real coordinator
 * on the embedded SQL engine, with real socket clients: a 3-round job with
 * `evaluateEvery: 2` and a centralized held-out set. Rounds 2 and 3 are
 * evaluated (the cadence and the last round); each keeps its per-client
 * rows (a client whose metrics map is oversized is refused with
 * BAD_PAYLOAD and left out); the coordinator's own evaluation of each
 * evaluated version equals a local TF.js evaluation of the same weights on
 * the same digits; the admin socket announces each recorded centralized
 * result (`admin:evaluation`); and the history survives a coordinator restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, ErrorCode, Events, MAX_EVAL_METRICS, RoundPhase, SOCKET_PATH, type Ack, type AdminEvaluationUpdate, type JobEvaluations, type JobView, type ModelVersionView } from '@fl/protocol';
import { buildModel, evaluate, loadDataSpec, selectBackend, setModelWeights } from '@fl/trainer-tfjs/node';
import { deserializeWeights } from '@fl/fl-core';
import { randomAdminToken, startHarness, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';

jest.setTimeout(180_000);

const EVAL_DATA = 'mnist?tail=500';
const codeOf = (a: Ack) => (a.ok ? undefined : a.error.code);

describe('federated and centralized evaluation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-eval-'));
  const adminToken = randomAdminToken();
  const boot = () => startHarness({ db: 'embedded', dataDir: join(dir, 'data'), adminToken, servingWorkers: 1 });
  let h: Harness;
  const clients: ScriptedClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates rounds 2 and 3 of 3 (evaluateEvery 2), keeps per-client rows and a correct centralized result, across a restart', async () => {
    // Prepare
    h = await boot();
    const spec = [
      { name: 'eval-a', evalMetrics: { loss: 0.9, accuracy: 0.6, numExamples: 30, metrics: { f1: 0.55 } } },
      { name: 'eval-b', evalMetrics: { loss: 0.6, accuracy: 0.7, numExamples: 10 } },
      { name: 'eval-c', evalMetrics: { loss: 0.5, accuracy: 0.9, numExamples: 20, metrics: Object.fromEntries(Array.from({ length: MAX_EVAL_METRICS + 1 }, (_, i) => [`m${i}`, i])) } },
    ];
    for (const s of spec) clients.push(await ScriptedClient.enrol(h, { name: s.name, dataset: 'digits', numExamples: 50, perturbation: 0.001, evalMetrics: s.evalMetrics }));
    const [a, b, c] = clients;
    const created = await h.createJob({
      model: { builtin: 'niid-cnn' }, dataset: 'digits', rounds: 3, clientsPerRound: 3, minClients: 2, overSelection: 0,
      waitForClientsSeconds: 20, roundDeadlineSeconds: 5, secureAggregation: PLAIN, evaluateEvery: 2, evalData: EVAL_DATA,
    });
    expect(created.config).toMatchObject({ evaluate: true, evaluateEvery: 2, evalData: EVAL_DATA });

    const admin = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: adminToken } });
    const announced: AdminEvaluationUpdate[] = [];
    admin.on(Events.AdminEvaluation, (e: AdminEvaluationUpdate) => announced.push(e));
    await new Promise<void>((r) => admin.once('connect', () => r()));

    // Execute
    await h.startJob(created.id);
    await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 60_000);
    const history = await waitEvaluations(h, created.id, (e) => e.rounds.length === 2 && e.rounds.every((r) => r.centralized !== null));
    for (const end = Date.now() + 10_000; announced.length < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    admin.close();

    // Assert: each centralized result was announced to the dashboards once
    expect(announced.map((e) => [e.jobId, e.round]).sort()).toEqual([
      [created.id, 2],
      [created.id, 3],
    ]);
    const job: JobView = await h.job(created.id);

    // Assert: the cadence
    expect(job.status).toBe('completed');
    expect(job.rounds.map((r) => [r.round, r.phase, r.evaluation === undefined ? 'none' : 'evaluated'])).toEqual([
      [1, RoundPhase.Done, 'none'],
      [2, RoundPhase.Done, 'evaluated'],
      [3, RoundPhase.Done, 'evaluated'],
    ]);
    expect(history).toMatchObject({ jobId: created.id, evaluateEvery: 2, evalData: EVAL_DATA });
    expect(history.rounds.map((r) => r.round)).toEqual([2, 3]);

    // Assert: per-client rows and their example-weighted means; the oversized map refused with a code
    expect(c.evalAcks.map(codeOf)).toEqual([ErrorCode.BadPayload, ErrorCode.BadPayload]);
    expect(a.evalAcks.map(codeOf)).toEqual([undefined, undefined]);
    for (const r of history.rounds) {
      expect(r.clients.map((x) => x.clientId).sort()).toEqual([a.clientId, b.clientId].sort());
      expect(r.clients.find((x) => x.clientId === a.clientId)).toEqual({ clientId: a.clientId, numExamples: 30, loss: 0.9, accuracy: 0.6, metrics: { f1: 0.55 } });
      expect(r.clients.find((x) => x.clientId === b.clientId)).toEqual({ clientId: b.clientId, numExamples: 10, loss: 0.6, accuracy: 0.7, metrics: {} });
      expect(r.federated).toMatchObject({ clients: 2, numExamples: 40, metrics: { f1: 0.55 } });
      expect(r.federated!.loss).toBeCloseTo((30 * 0.9 + 10 * 0.6) / 40, 12);
      expect(r.federated!.accuracy).toBeCloseTo((30 * 0.6 + 10 * 0.7) / 40, 12);
    }
    const round3 = job.rounds[2];
    // The refused result never reached the round: c's evaluation task ran out (its slot stays open for a valid result until the deadline).
    expect(round3.failures).toEqual([expect.objectContaining({ clientId: c.clientId, code: ErrorCode.DeadlinePassed })]);
    expect(round3.metrics!.evalAccuracy).toBeCloseTo(history.rounds[1].federated!.accuracy, 12);

    // Assert: the centralized result equals a local evaluation of the version's weights on the same digits
    await selectBackend('cpu');
    const data = (await loadDataSpec(EVAL_DATA)).train;
    for (const r of history.rounds) {
      const central = r.centralized!;
      expect(central).toMatchObject({ status: 'done', dataset: EVAL_DATA, numExamples: 500 });
      if (central.status !== 'done') throw new Error(central.error);
      const version = (await h.rest<ModelVersionView>('GET', `/models/${r.modelVersionId}`)).body;
      expect(version).toMatchObject({ round: r.round, federatedEval: r.federated, centralizedEval: central });
      const local = await localEvaluation(h, version, data);
      expect(central.accuracy).toBeGreaterThanOrEqual(0);
      expect(central.accuracy).toBeLessThanOrEqual(1);
      expect(central.accuracy).toBeCloseTo(local.accuracy, 6);
      expect(central.loss).toBeCloseTo(local.loss, 4);
      expect(job.rounds[r.round - 1].evaluation).toEqual({ federated: r.federated, centralized: central });
    }

    // Execute: restart the coordinator on the same data
    for (const cl of clients) cl.close();
    await h.close();
    h = await boot();

    // Assert: the history is as it was
    expect((await h.rest<JobEvaluations>('GET', `/jobs/${created.id}/evaluations`)).body).toEqual(history);
    expect((await h.job(created.id)).rounds.map((r) => r.evaluation ?? null)).toEqual(job.rounds.map((r) => r.evaluation ?? null));
  });
});

async function waitEvaluations(h: Harness, id: string, pred: (e: JobEvaluations) => boolean, ms = 120_000): Promise<JobEvaluations> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await h.rest<JobEvaluations>('GET', `/jobs/${id}/evaluations`);
    if (r.status !== 200) throw new Error(`GET /jobs/${id}/evaluations → ${r.status} ${JSON.stringify(r.body)}`);
    if (pred(r.body)) return r.body;
    if (Date.now() > end) throw new Error(`timed out waiting for evaluations: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function localEvaluation(h: Harness, version: ModelVersionView, data: Awaited<ReturnType<typeof loadDataSpec>>['train']) {
  const topology = (await h.rest<{ topology: object }>('GET', `/jobs/${version.jobId}/model`)).body.topology;
  const res = await fetch(`${h.url}/api/models/${version.hash}/weights`, { headers: h.auth() });
  const weights = deserializeWeights(new Uint8Array(await res.arrayBuffer()));
  const model = await buildModel({ layers: topology });
  try {
    setModelWeights(model, weights);
    return evaluate(model, data);
  } finally {
    model.dispose();
  }
}
