import { ErrorCode, RoundPhase, type RoundTask } from '@fl/protocol';
import { createQuantizer, nodeBackend, packMessage, quantizeWeighted, type MaskAdder } from '@fl/secagg/node';
import { encodingBits } from '@fl/secagg';
import { SECURE_AGGREGATION_DEFAULTS } from '../jobs/job-defaults';
import { SecureDropCode } from '../secure-aggregation/secure-training';
import { baseConfig } from './testing/round-fixture';
import { global, secureConfig, secureRun, sim, type SimClient } from './testing/secure-run';

/** Plain FedAvg of deltas: Σ n·Δ / Σ n. */
function fedAvg(cs: SimClient[]): number[] {
  const total = cs.reduce((a, c) => a + c.numExamples, 0);
  return Array.from(global.data, (_, i) => cs.reduce((a, c) => a + c.numExamples * c.delta[i], 0) / total);
}

describe('secure round (RoundRun + SecureTraining)', () => {
  const deltas = [
    [0.1, -0.2, 0.3, 0.05],
    [-0.4, 0.1, 0.0, 0.2],
    [0.25, 0.25, -0.1, -0.3],
    [0.0, 0.5, 0.2, 0.1],
  ];

  it('aggregates the example-weighted mean of the masked updates; the strategy gets only the sum', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, [10, 30, 20, 40][i]));
    const t = secureRun(secureConfig(), clients);
    await t.settle();
    expect(t.outcome()).toEqual({ ok: true, modelHash: 'model-1', state: expect.anything(), federatedEval: null });
    const want = fedAvg(clients);
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
    expect(t.run.view.participants.sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(t.run.view.secureAggregation).toMatchObject({ threatModel: 'active', stage: null, n: 4, k: 3, t: 3, survivors: 4, dropped: 0 });
    expect(t.run.view.metrics?.examples).toBe(100);
    expect(t.refusals).toEqual([]);
    // Every task told the client how to encode: P + 1 words, bits for n = 4.
    expect(t.link.offers[0].secure).toEqual({ threatModel: 'active', clip: 1, bits: 29, nMax: 4, weightCap: 40, vectorLength: 5 });
  });

  it('hands every uploaded masked vector back for reuse once it is folded into the masked sum, as plain rounds do', async () => {
    // Prepare: the recycler sees the bytes and, like the bulk channel, takes them away (zeroed)
    const recycled: Array<{ bytes: number; nonZero: boolean }> = [];
    const recycle = (b: Uint8Array) => {
      recycled.push({ bytes: b.byteLength, nonZero: b.some((x) => x !== 0) });
      b.fill(0);
    };
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10 * (i + 1)));
    // Execute
    const t = secureRun(secureConfig(), clients, { recycle });
    await t.settle();
    // Assert: one upload of P + 1 words per client, taken after use (the sum is still right)
    expect(recycled).toEqual(clients.map(() => ({ bytes: 4 * (global.data.length + 1), nonZero: true })));
    expect(t.outcome()).toMatchObject({ ok: true });
    const want = fedAvg(clients);
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
  });

  it('adds the unmasking masks through the round\'s MaskAdder and refuses stage messages while it runs', async () => {
    // Prepare: an adder (as the worker thread) that waits until released
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const addMasks: MaskAdder = async (acc, masks, prg) => {
      calls++;
      await gate;
      nodeBackend.prg(prg).addMasks(acc, masks);
    };
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10 * (i + 1)));
    const t = secureRun(secureConfig(), clients, { addMasks });
    await t.settle();
    expect(calls).toBe(1);
    expect(t.outcome()).toBeUndefined();
    // Execute: a late unmask message while the masks are being added
    const task = t.link.taskOf('c0') as RoundTask;
    expect(() => t.run.receiveSecAgg('c0', { taskId: task.taskId, stage: 'unmask', message: packMessage({ runId: 'late', round: 1, stage: 'unmask', sender: 'c0' }) })).toThrow(
      expect.objectContaining({ code: ErrorCode.StageOrder }),
    );
    release();
    await t.settle();
    // Assert: the round completes with the right mean
    expect(t.outcome()?.ok).toBe(true);
    const want = fedAvg(clients);
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
  });

  it('takes masked vectors inline in the packed message too, but not inline and uploaded at once', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10 * (i + 1)));
    const t = secureRun(secureConfig(), clients, { inline: true });
    await t.settle();
    expect(t.outcome()?.ok).toBe(true);
    const want = fedAvg(clients);
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));

    // d0 sends its vector both ways: refused, and the round completes without it.
    const u = secureRun(secureConfig(), deltas.map((d, i) => sim(`d${i}`, d, 10)), { both: 'd0' });
    await u.settle();
    expect(u.refusals).toEqual([{ clientId: 'd0', code: ErrorCode.BadPayload }]);
    await u.settle(60_000); // d0 may still send a proper masked input until the round deadline; it does not
    expect(u.outcome()?.ok).toBe(true);
    expect(u.run.view.participants.sort()).toEqual(['d1', 'd2', 'd3']);
  });

  it('survives a client that drops after sharing keys: the sum holds exactly the survivors', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10 * (i + 1), i === 2 ? 'masked-input' : undefined));
    const t = secureRun(secureConfig(), clients);
    await t.settle();
    expect(t.run.phase).toBe(RoundPhase.Training); // waiting for c2's masked input
    t.run.clientDropped('c2');
    await t.settle();
    expect(t.outcome()?.ok).toBe(true);
    const want = fedAvg(clients.filter((c) => c.id !== 'c2'));
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
    expect(t.run.view.participants.sort()).toEqual(['c0', 'c1', 'c3']);
    expect(t.run.view.secureAggregation).toMatchObject({ survivors: 3, dropped: 1 });
    // The timeline: every step of every member, and the answers per stage against t.
    const steps = Object.fromEntries(t.run.view.members!.map((m) => [m.clientId, m.steps.map((s) => s.code ?? s.state)]));
    const full = ['offered', 'accepted', 'training', 'advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask', 'aggregated'];
    expect(steps).toEqual({ c0: full, c1: full, c2: ['offered', 'accepted', 'training', 'advertise-keys', 'share-keys', 'DISCONNECTED'], c3: full });
    expect(t.run.view.secureAggregation?.stageSurvivors).toEqual({ 'advertise-keys': 4, 'share-keys': 4, 'masked-input': 3, 'consistency-check': 3, unmask: 3 });
  });

  it('drops a silent client at the stage deadline and still completes', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10, i === 0 ? 'share-keys' : undefined));
    const t = secureRun(secureConfig(), clients);
    await t.settle();
    expect(t.outcome()).toBeUndefined();
    await t.settle(5000); // the share-keys stage timeout
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.failures).toContainEqual({ clientId: 'c0', code: SecureDropCode.StageTimeout, reason: expect.stringContaining('share-keys') });
    expect(t.run.view.members!.find((m) => m.clientId === 'c0')!.steps.slice(-2)).toEqual([
      { state: 'advertise-keys', at: expect.any(Number) },
      { state: 'timed_out', at: expect.any(Number), code: SecureDropCode.StageTimeout },
    ]);
    expect(t.run.view.secureAggregation?.stageSurvivors?.['share-keys']).toBe(3);
    expect(t.link.cancels.map((c) => c.clientId)).toContain('c0');
    const want = fedAvg(clients.slice(1));
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
  });

  it('a client that withdraws at advertise-keys under its policy (task:withdraw) is dropped with its code at once, without the stage timeout', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10, i === 0 ? 'advertise-keys' : undefined));
    const t = secureRun(secureConfig(), clients);
    await t.settle();
    expect(t.outcome()).toBeUndefined(); // advertise-keys waits for c0
    const task = t.link.taskOf('c0') as RoundTask;
    expect(t.run.receiveWithdraw('c0', { taskId: task.taskId, code: 'POLICY_THRESHOLD_TOO_LOW', reason: 'policy: the round\'s threshold is t = 3; at least 4 required' })).toEqual({ ok: true, withdrawn: true });
    await t.settle(); // no stage timeout needed
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.failures).toEqual([{ clientId: 'c0', code: 'POLICY_THRESHOLD_TOO_LOW', reason: "withdrew from the task: policy: the round's threshold is t = 3; at least 4 required" }]);
    expect(t.run.view.participants.sort()).toEqual(['c1', 'c2', 'c3']);
    expect(t.run.view.secureAggregation?.stageSurvivors?.['advertise-keys']).toBe(3);
    // A second withdraw, or one for another client's task, is refused with a code.
    expect(() => t.run.receiveWithdraw('c0', { taskId: task.taskId, code: 'POLICY_THRESHOLD_TOO_LOW', reason: 'again' })).toThrow(expect.objectContaining({ code: ErrorCode.StaleRound }));
    expect(() => t.run.receiveWithdraw('c1', { taskId: task.taskId, code: 'POLICY_THRESHOLD_TOO_LOW', reason: 'not mine' })).toThrow(expect.objectContaining({ code: ErrorCode.NotInCohort }));
    const want = fedAvg(clients.slice(1));
    Array.from(t.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
  });

  it('fails cleanly below the threshold t and keeps no partial sum', async () => {
    const clients = deltas.map((d, i) => sim(`c${i}`, d, 10, i < 2 ? 'masked-input' : undefined));
    const t = secureRun(secureConfig(), clients);
    await t.settle();
    t.run.clientDropped('c0');
    t.run.clientDropped('c1');
    await t.settle();
    expect(t.outcome()).toEqual({ ok: false, stopped: false, reason: expect.stringContaining('BELOW_THRESHOLD') });
    expect(t.models.saved).toHaveLength(0);
    expect(t.run.view.phase).toBe(RoundPhase.Failed);
  });

  it('refuses a forged sender, a replayed stage message and a plain update:commit (that client is left out), and the round stays correct', async () => {
    const u = secureRun(secureConfig(), deltas.map((d, i) => sim(`d${i}`, d, 10)));
    await u.clock.advance(0);
    const task = u.link.taskOf('d0');
    const forged = { runId: 'job-1.r1.a1', round: 1, stage: 'advertise-keys', sender: 'd1', cTo: ['d0', 'd2', 'd3'], cPks: new Uint8Array(96), sPk: new Uint8Array(32), signature: new Uint8Array(64) };
    expect(() => u.run.receiveSecAgg('d0', { taskId: task.taskId, stage: 'advertise-keys', message: packMessage(forged) })).toThrow(expect.objectContaining({ code: ErrorCode.ForgedIdentity }));
    const d3 = u.link.taskOf('d3');
    const commit = { taskId: d3.taskId, jobId: 'job-1', round: 1, attempt: 1, numExamples: 1, proximalMu: 0, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 1, seconds: 1 } };
    expect(() => u.run.receiveCommit('d3', commit)).toThrow(expect.objectContaining({ code: ErrorCode.WrongPath }));
    await u.settle(); // honest answers; the protocol now waits for nothing
    expect(u.outcome()?.ok).toBe(true);
    // A replay of an earlier stage message after the round: refused, the result stands.
    const stale = { runId: 'job-1.r1.a1', round: 1, stage: 'advertise-keys', sender: 'd0', cTo: ['d1', 'd2', 'd3'], cPks: new Uint8Array(96), sPk: new Uint8Array(32) };
    expect(() => u.run.receiveSecAgg('d0', { taskId: task.taskId, stage: 'advertise-keys', message: packMessage(stale) })).toThrow(expect.objectContaining({ code: ErrorCode.Duplicate }));
    expect(u.run.view.failures.map((f) => f.code)).toEqual(expect.arrayContaining([ErrorCode.ForgedIdentity, ErrorCode.WrongPath]));
    expect(u.run.view.participants.sort()).toEqual(['d0', 'd1', 'd2']);
    const want = fedAvg(deltas.slice(0, 3).map((d, i) => sim(`d${i}`, d, 10)));
    Array.from(u.models.saved[0].data).forEach((v, i) => expect(v).toBeCloseTo(global.data[i] + want[i], 5));
  });

  it('refuses secagg messages in a plain round', async () => {
    const t = secureRun(baseConfig({ clientsPerRound: 3 }), deltas.slice(0, 3).map((d, i) => sim(`p${i}`, d, 10)));
    await t.clock.advance(0);
    const task = t.link.taskOf('p0');
    expect(task.secure).toBeUndefined();
    expect(() => t.run.receiveSecAgg('p0', { taskId: task.taskId, stage: 'advertise-keys', message: packMessage({ runId: 'x', round: 1, stage: 'advertise-keys' }) })).toThrow(expect.objectContaining({ code: ErrorCode.WrongPath }));
  });
});

/**
 * Malicious members (docs/secure-aggregation.md "Bounded influence"): one
 * member follows every SecAgg+ stage with valid keys, shares and signatures
 * but masks a ring vector of its choosing. It is given the others' exact
 * encodings (stronger than any real attacker), so it can set the unmasked sum
 * to any words it likes.
 */
describe('secure round: a member that chooses its own ring vector', () => {
  const R = 2 ** 32;
  const clip = SECURE_AGGREGATION_DEFAULTS.clip;
  const honestDeltas = [
    [0.1, -0.2, 0.3, 0.05],
    [-0.4, 0.1, 0.0, 0.2],
    [0.25, 0.25, -0.1, -0.3],
    [0.0, 0.5, 0.2, 0.1],
    [0.05, 0.05, -0.05, 0.0],
  ];

  /** n members with equal example counts (w = 1 each); member 0 masks `choose(the others' encodings)`. */
  function attack(n: number, choose: (others: Uint32Array[], top: number) => Uint32Array) {
    const bits = encodingBits(n);
    const q = createQuantizer(clip, n, bits);
    const clients = honestDeltas.slice(0, n).map((d, i) => sim(`m${i}`, d, 10));
    for (const c of clients) c.input = quantizeWeighted(c.delta, c.numExamples, 10, q).values;
    const honestSum = (j: number) => clients.reduce((a, c) => a + c.delta[j], 0);
    const honest = Array.from(global.data, (g, j) => g + honestSum(j) / n); // FedAvg with equal weights
    clients[0].input = choose(clients.slice(1).map((c) => c.input!), 2 ** bits - 1);
    return { clients, honest, config: secureConfig({ clientsPerRound: n }) };
  }

  /** The words that make every coordinate of the unmasked sum `target[j]` (mod 2^32). */
  const completing = (others: Uint32Array[], target: number[]) => Uint32Array.from(target, (t, j) => (((t - others.reduce((a, o) => a + o[j], 0)) % R) + R) % R);

  it('weight wrap: weight words summing to 1 mod 2^32 (today: the mean × ~2^30) fail the attempt with WEIGHT_MISMATCH', async () => {
    // The coordinates are honest encodings; only the weight word (index P) is chosen.
    const a = attack(4, (others, top) => {
      const honestWords = quantizeWeighted(honestDeltas[0], 10, 10, createQuantizer(clip, 4, encodingBits(4))).values;
      return Uint32Array.from(honestWords, (w, j) => (j < global.data.length ? w : completing(others, [0, 0, 0, 0, 1])[j]));
    });
    const t = secureRun(a.config, a.clients);
    await t.settle();
    const out = t.outcome();
    expect(out).toMatchObject({ ok: false });
    expect(out && !out.ok && out.reason).toMatch(/WEIGHT_MISMATCH/);
    expect(t.models.saved).toHaveLength(0); // no model released
  });

  it('coordinate wrap with 4 members: sums at the top of the ring (a wrap) fail with SUM_OUT_OF_RANGE', async () => {
    const a = attack(4, (others, top) => completing(others, [R - 1, R - 1, R - 1, R - 1, 4 * top]));
    const t = secureRun(a.config, a.clients);
    await t.settle();
    const out = t.outcome();
    expect(out && !out.ok && out.reason).toMatch(/SUM_OUT_OF_RANGE/);
    expect(t.models.saved).toHaveLength(0);
  });

  it('coordinate wrap with 4 members: the largest in-range sums move the model by at most about one clip per coordinate', async () => {
    // Every coordinate of the sum at n·(Q − 1), i.e. +n·c: the most a member can still do.
    const a = attack(4, (others, top) => completing(others, [4 * top, 0, 4 * top, 0, 4 * top]));
    const t = secureRun(a.config, a.clients);
    await t.settle();
    expect(t.outcome()).toMatchObject({ ok: true });
    const got = Array.from(t.models.saved[0].data);
    const step = (2 * clip) / (2 ** 30 - 1);
    got.forEach((v, j) => {
      const h = a.honest[j] - global.data[j]; // the honest mean delta
      expect(Math.abs(v - a.honest[j])).toBeLessThanOrEqual(clip + Math.abs(h) + 4 * step + 1e-6);
      expect(Math.abs(v - global.data[j])).toBeLessThanOrEqual(clip + 1e-6); // the mean itself stays within ±c
    });
  });

  it('coordinate wrap with 5 members: the top of the ring (11 c, a mean of 2.2 c) fails with SUM_OUT_OF_RANGE', async () => {
    const a = attack(5, (others, top) => completing(others, [R - 1, R - 1, R - 1, R - 1, 5 * top]));
    const t = secureRun(a.config, a.clients);
    await t.settle();
    const out = t.outcome();
    expect(out && !out.ok && out.reason).toMatch(/SUM_OUT_OF_RANGE/);
    expect(t.models.saved).toHaveLength(0);
  });

  it('an honest 5-member round with the same encodings is unaffected', async () => {
    const a = attack(5, () => quantizeWeighted(honestDeltas[0], 10, 10, createQuantizer(clip, 5, encodingBits(5))).values);
    const t = secureRun(a.config, a.clients);
    await t.settle();
    expect(t.outcome()).toMatchObject({ ok: true });
    Array.from(t.models.saved[0].data).forEach((v, j) => expect(v).toBeCloseTo(a.honest[j], 5));
  });

  it('takes the denominator from the counts declared on accepting: a member whose weight word differs from its declaration fails the attempt', async () => {
    const counts = [10, 30, 20, 40];
    const honest = secureRun(secureConfig(), honestDeltas.slice(0, 4).map((d, i) => sim(`h${i}`, d, counts[i])));
    honest.link.answer = (id) => ({ accepted: true, numExamples: counts[Number(id.slice(1))] });
    await honest.settle();
    expect(honest.outcome()).toMatchObject({ ok: true });
    expect(honest.run.view.metrics?.examples).toBe(100);

    // d0 may claim 40 and declares 40 when accepting, but its weight word encodes 10 examples.
    const members = honestDeltas.slice(0, 4).map((d, i) => sim(`d${i}`, d, [40, 30, 20, 40][i]));
    members[0].input = quantizeWeighted(members[0].delta, 10, 40, createQuantizer(clip, 4, encodingBits(4))).values;
    const t = secureRun(secureConfig(), members);
    t.link.answer = (id) => ({ accepted: true, numExamples: [40, 30, 20, 40][Number(id.slice(1))] });
    await t.settle();
    const out = t.outcome();
    expect(out && !out.ok && out.reason).toMatch(/WEIGHT_MISMATCH/);
    expect(t.models.saved).toHaveLength(0);

    // The declaration on accepting is the one that counts: d0 declares 10 there (and encodes 10) but says 40 with its masked input.
    const again = honestDeltas.slice(0, 4).map((d, i) => sim(`e${i}`, d, [40, 30, 20, 40][i]));
    again[0].input = quantizeWeighted(again[0].delta, 10, 40, createQuantizer(clip, 4, encodingBits(4))).values;
    const u = secureRun(secureConfig(), again);
    u.link.answer = (id) => ({ accepted: true, numExamples: [10, 30, 20, 40][Number(id.slice(1))] });
    await u.settle();
    expect(u.outcome()).toMatchObject({ ok: true });
    expect(u.run.view.metrics?.examples).toBe(100);
  });
});
