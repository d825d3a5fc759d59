/**
 * Every kind of bad update gets its own error code (ack + client:error), is
 * recorded in the round's failures, and stays out of the aggregate, while
 * the round completes with the good clients.
 */
import { serializeWeights } from '@fl/fl-core';
import { ErrorCode, Events, type Ack, type RoundTask } from '@fl/protocol';
import { scriptedSuite, until, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient, toBuffer } from './support/scripted-client';

const P = 100;


function codeOf(a: Ack): string | undefined {
  return a.ok ? undefined : a.error.code;
}

describe('coordinator bad updates', () => {
  let h: Harness;
  const { enrol } = scriptedSuite((x) => (h = x));

  it('refuses each bad update with its code; the round completes with the good clients only', async () => {
    // Prepare
    const good1 = await enrol({ name: 'good1', numExamples: 1, perturbation: 0.2 });
    const good2 = await enrol({ name: 'good2', numExamples: 3, perturbation: 0.6 });
    const shape = await enrol({ name: 'shape', auto: false });
    const nan = await enrol({ name: 'nan', auto: false });
    const oversize = await enrol({ name: 'oversize', auto: false });
    const wrongRound = await enrol({ name: 'wrong-round', auto: false });
    const late = await enrol({ name: 'late', auto: false });
    const outsider = await enrol({ name: 'outsider', dataset: 'other', auto: false });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 1, clientsPerRound: 7, minClients: 2, overSelection: 0, roundDeadlineSeconds: 3, waitForClientsSeconds: 5, evaluate: false, secureAggregation: PLAIN });
    const x0 = await h.weights(job.modelHash);
    await h.startJob(job.id);
    const task = async (c: ScriptedClient): Promise<RoundTask> => c.nextTask(0);
    const honest = (t: RoundTask, c: number) => {
      const data = new Float32Array(P);
      for (let i = 0; i < P; i++) data[i] = x0[i] + c;
      return serializeWeights({ layout: t.model.layout, data });
    };

    // Execute + Assert, case by case
    // WRONG_SHAPE: same size, other tensor name
    const ts = await task(shape);
    const wrongLayout = honest(ts, 0).slice();
    const renamed = serializeWeights({ layout: [{ name: 'synthetic/x', shape: [P] }], data: new Float32Array(P) });
    expect(renamed.byteLength).toBe(wrongLayout.byteLength);
    expect((await shape.upload(ts.taskId, renamed, ts.model.chunkBytes)).map(codeOf)).toEqual([undefined]);
    expect(codeOf(await shape.commit(ts))).toBe(ErrorCode.WrongShape);

    // NON_FINITE
    const tn = await task(nan);
    const poisoned = honest(tn, 0.1);
    new DataView(poisoned.buffer, poisoned.byteOffset).setFloat32(poisoned.byteLength - 8, Infinity, true);
    await nan.upload(tn.taskId, poisoned, tn.model.chunkBytes);
    expect(codeOf(await nan.commit(tn))).toBe(ErrorCode.NonFinite);

    // OVERSIZED: announced size differs from the model's serialized size
    const to = await task(oversize);
    const big = new Uint8Array(to.model.bytes + 64);
    expect((await oversize.upload(to.taskId, big, big.byteLength)).map(codeOf)).toEqual([ErrorCode.Oversized]);

    // WRONG_ROUND
    const tw = await task(wrongRound);
    await wrongRound.upload(tw.taskId, honest(tw, 5), tw.model.chunkBytes);
    expect(codeOf(await wrongRound.commit(tw, 10, { round: tw.round + 1 }))).toBe(ErrorCode.WrongRound);

    // NOT_IN_COHORT (someone else's task), UNKNOWN_TASK, BAD_PAYLOAD from a client outside the cohort
    const tg = await task(good1);
    const notMine = await outsider.emit(Events.UpdateChunk, { taskId: tg.taskId, index: 0, total: 1, totalBytes: tg.model.bytes, data: toBuffer(honest(tg, 9)) });
    expect(codeOf(notMine)).toBe(ErrorCode.NotInCohort);
    expect(codeOf(await outsider.emit(Events.UpdateChunk, { taskId: 'no-such-task', index: 0, total: 1, totalBytes: 8, data: Buffer.alloc(8) }))).toBe(ErrorCode.UnknownTask);
    const malformed = await outsider.emit(Events.UpdateChunk, { taskId: tg.taskId, index: 0, total: 1, totalBytes: 8, data: [1, 2, 3] });
    expect(codeOf(malformed)).toBe(ErrorCode.BadPayload);
    expect(!malformed.ok && malformed.error.message).toContain('data must be binary');

    // DUPLICATE: good1 commits again after its accepted commit
    await until(() => good1.commitAcks.length === 1, 5000, 'good1 commit');
    expect(good1.commitAcks[0]).toEqual({ ok: true, accepted: true });
    expect(codeOf(await good1.commit(tg))).toBe(ErrorCode.Duplicate);

    // STALE_ROUND: the late client delivers after its task was cancelled at the deadline
    const tl = await task(late);
    await until(() => late.cancels.length === 1, 10000, 'round:cancel to the late client');
    expect(late.cancels[0]).toEqual({ taskId: tl.taskId, reason: expect.stringContaining('deadline') });
    expect((await late.upload(tl.taskId, honest(tl, 7), tl.model.chunkBytes)).map(codeOf)).toEqual([ErrorCode.StaleRound]);

    const done = await h.waitJob(job.id, (j) => j.status === 'completed' && j.rounds[0].failures.some((f) => f.code === ErrorCode.StaleRound));
    const round = done.rounds[0];
    expect(round.participants.sort()).toEqual([good1.clientId, good2.clientId].sort());
    const byClient = (c: ScriptedClient) => round.failures.filter((f) => f.clientId === c.clientId).map((f) => f.code);
    expect(byClient(shape)).toEqual([ErrorCode.WrongShape]);
    expect(byClient(nan)).toEqual([ErrorCode.NonFinite]);
    expect(byClient(oversize)).toEqual([ErrorCode.Oversized]);
    expect(byClient(wrongRound)).toEqual([ErrorCode.WrongRound]);
    expect(byClient(late)).toEqual([ErrorCode.DeadlinePassed, ErrorCode.StaleRound]);
    expect(byClient(good1)).toEqual([ErrorCode.Duplicate]);
    expect(byClient(outsider)).toEqual([ErrorCode.NotInCohort]);

    // every refusal of an update was also pushed as client:error
    expect(shape.errors.map((e) => e.code)).toEqual([ErrorCode.WrongShape]);
    expect(nan.errors.map((e) => e.code)).toEqual([ErrorCode.NonFinite]);
    expect(oversize.errors.map((e) => e.code)).toEqual([ErrorCode.Oversized]);
    expect(wrongRound.errors.map((e) => [e.code, e.taskId])).toEqual([[ErrorCode.WrongRound, tw.taskId]]);
    expect(late.errors.map((e) => e.code)).toEqual([ErrorCode.StaleRound]);
    expect(outsider.errors.map((e) => e.code)).toEqual([ErrorCode.NotInCohort, ErrorCode.UnknownTask, ErrorCode.BadPayload]);

    // the aggregate holds only the good updates, the default bound clipping at their median norm (0.4 per
    // coordinate): x0 + (1·0.2 + 3·0.4) / 4 = x0 + 0.35
    const x1 = await h.weights(done.modelHash);
    let maxErr = 0;
    for (let i = 0; i < P; i++) maxErr = Math.max(maxErr, Math.abs(x1[i] - (x0[i] + 0.35)));
    expect(maxErr).toBeLessThan(1e-6);
  });
});
