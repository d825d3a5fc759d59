/**
 * Blame in a secure round at coordinator level (docs/secure-aggregation.md
 * "Blame"): RoundRun + SecureTraining with real `@fl/secagg` clients. A
 * garbage sender is convicted and the attempt ends before unmasking, with
 * only it in the failure list; a false accuser is convicted and the round
 * completes without it; bad complaints are refused with a code; the honest
 * round sends exactly the messages it always did; quarantined clients are
 * never picked.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, RoundPhase, type RoundTask } from '@fl/protocol';
import { complaintTranscript, nodeBackend, packMessage, shareCiphertextTranscript, type ClientMessage, type ComplaintMessage, type ShareKeysMessage } from '@fl/secagg/node';
import { RoundRun } from '../rounds/round-run';
import { fixture, roundSetup } from '../rounds/testing/round-fixture';
import { global, secureConfig, secureRun, sim } from '../rounds/testing/secure-run';

const deltas = [
  [0.1, -0.2, 0.3, 0.05],
  [-0.4, 0.1, 0.0, 0.2],
  [0.25, 0.25, -0.1, -0.3],
  [0.0, 0.5, 0.2, 0.1],
  [0.1, 0.1, 0.1, 0.1],
];
const cohort = () => deltas.map((d, i) => sim(`c${i}`, d, 10));
const config = () => secureConfig({ clientsPerRound: 5, minClients: 3 });

/** Right-length random boxes, validly signed by their sender. */
function garbage(out: ShareKeysMessage, sk: Uint8Array): ShareKeysMessage {
  return {
    ...out,
    ciphertexts: out.ciphertexts.map((c) => {
      const box = new Uint8Array(randomBytes(c.box.length));
      return { ...c, box, signature: nodeBackend.ed25519Sign(shareCiphertextTranscript(out.runId, out.round, out.sender, c.to, c.nonce, box), sk) };
    }),
  };
}

type Secrets = { cSks: Record<string, Uint8Array> | undefined; signingSecretKey: Uint8Array };

/** A signed complaint revealing, for each accused v, the sender's per-pair c_{u,v}^SK (zeros when it has none). */
function complaint(out: ClientMessage, x: Secrets, accused: string[], cSks = accused.map((v) => x.cSks?.[v] ?? new Uint8Array(32)), runId = out.runId): ComplaintMessage {
  const signature = nodeBackend.ed25519Sign(complaintTranscript(runId, out.round, out.sender, accused, cSks), x.signingSecretKey);
  return { runId, round: out.round, stage: 'masked-input', sender: out.sender, complaint: { accused, cSks, signature } };
}

const failuresOf = (run: RoundRun) => run.view.failures.map((f) => `${f.clientId}:${f.code}`).sort();
const blamed = (run: RoundRun) => [...new Set(run.view.failures.map((f) => f.clientId))].sort();

describe('blame in a secure round', () => {
  it('honest round: no complaint, and exactly the requests it always sent (5 stages × n)', async () => {
    const t = secureRun(config(), cohort());
    let requests = 0;
    const send = t.link.onSecAgg;
    t.link.onSecAgg = (id, req) => {
      requests++;
      send(id, req);
    };
    await t.settle();
    expect(t.outcome()?.ok).toBe(true);
    expect(requests).toBe(5 * deltas.length);
    expect(t.run.view.failures).toEqual([]);
  });

  it('a garbage sender is convicted (SECAGG_MISBEHAVED), the attempt ends before unmasking, and no honest client is blamed', async () => {
    const t = secureRun(config(), cohort(), { tamper: (id, out, x) => (id === 'c2' && out.stage === 'share-keys' ? garbage(out as ShareKeysMessage, x.signingSecretKey) : out) });
    await t.settle();
    const outcome = t.outcome();
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/SECAGG_MISBEHAVED \(client c2\)/) });
    expect(t.run.view.phase).toBe(RoundPhase.Failed);
    expect(failuresOf(t.run)).toContain('c2:SECAGG_MISBEHAVED');
    expect(blamed(t.run)).toEqual(['c2']); // its own late messages may be refused too; nobody else is named
    expect(t.run.view.secureAggregation?.stage).toBeNull();
    expect(t.run.view.participants).toEqual([]);
    expect(t.models.saved).toEqual([]);
    // Late complaints of the other honest members were refused but not recorded against them.
    expect(t.refusals.every((r) => r.code === ErrorCode.StaleRound)).toBe(true);
    // Everyone was told the attempt is over.
    expect(t.link.cancels.map((c) => c.clientId).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('a garbage sender that disconnects before the complaints arrive is convicted all the same (no evading the quarantine)', async () => {
    const t = secureRun(config(), cohort(), { tamper: (id, out, x) => (id === 'c2' && out.stage === 'share-keys' ? garbage(out as ShareKeysMessage, x.signingSecretKey) : out) });
    const send = t.link.onSecAgg;
    let gone = false;
    t.link.onSecAgg = (id, req) => {
      if (!gone && req.stage === 'masked-input') {
        gone = true;
        t.run.clientDropped('c2'); // after share-keys closed, before anyone complains
      }
      send(id, req);
    };
    await t.settle();
    expect(gone).toBe(true);
    expect(t.outcome()).toMatchObject({ ok: false, reason: expect.stringMatching(/SECAGG_MISBEHAVED \(client c2\)/) });
    expect(failuresOf(t.run)).toEqual(expect.arrayContaining(['c2:DISCONNECTED', 'c2:SECAGG_MISBEHAVED']));
    expect(blamed(t.run)).toEqual(['c2']);
  });

  it('a false accuser is convicted and dropped; the round completes with the others', async () => {
    const t = secureRun(config(), cohort(), { tamper: (id, out, x) => (id === 'c1' && out.stage === 'masked-input' ? complaint(out, x, ['c3']) : out) });
    await t.settle();
    await t.settle(60_000);
    expect(t.outcome()).toMatchObject({ ok: true });
    expect(t.refusals).toEqual([{ clientId: 'c1', code: ErrorCode.SecAggMisbehaved }]);
    expect(failuresOf(t.run)).toEqual(['c1:SECAGG_MISBEHAVED']);
    expect(t.run.view.participants.sort()).toEqual(['c0', 'c2', 'c3', 'c4']);
  });

  it('two colluding attackers: a garbage sender and a false accuser are both convicted, no honest client is', async () => {
    const t = secureRun(config(), cohort(), {
      tamper: (id, out, x) => {
        if (id === 'c4' && out.stage === 'share-keys') return garbage(out as ShareKeysMessage, x.signingSecretKey);
        if (id === 'c0' && out.stage === 'masked-input') return complaint(out, x, ['c1']);
        return out;
      },
    });
    await t.settle();
    expect(t.outcome()).toMatchObject({ ok: false });
    expect(failuresOf(t.run)).toEqual(expect.arrayContaining(['c0:SECAGG_MISBEHAVED', 'c4:SECAGG_MISBEHAVED']));
    expect(blamed(t.run)).toEqual(['c0', 'c4']);
  });

  it('refuses bad complaints with a code and keeps serving: malformed, a non-member, another attempt, a key that is not the advertised one (or another pair\'s)', async () => {
    const cases: Array<[string, (out: ClientMessage, x: Secrets) => ClientMessage, string, boolean]> = [
      ['malformed', (o, x) => ({ ...complaint(o, x, ['c3']), complaint: { accused: ['c3'], cSks: [new Uint8Array(5)], signature: new Uint8Array(64) } }), ErrorCode.BadPayload, false],
      ['no key for the accused', (o, x) => complaint(o, x, ['c3'], []), ErrorCode.BadPayload, false],
      ['non-member', (o, x) => complaint(o, x, ['zz9']), ErrorCode.NotInCohort, false],
      ['replayed from another attempt', (o, x) => complaint(o, x, ['c3'], undefined, 'job-1.r1.a0'), ErrorCode.WrongRound, false],
      ['revealed key not advertised', (o, x) => complaint(o, x, ['c3'], [new Uint8Array(randomBytes(32))]), ErrorCode.BadKey, true],
      ['revealed key of another pair', (o, x) => complaint(o, x, ['c3'], [x.cSks!.c2]), ErrorCode.BadKey, true],
    ];
    for (const [what, make, code, convicted] of cases) {
      const t = secureRun(config(), cohort(), { tamper: (id, out, x) => (id === 'c1' && out.stage === 'masked-input' ? make(out, x) : out) });
      await t.settle();
      await t.settle(60_000);
      expect([what, t.refusals]).toEqual([what, [{ clientId: 'c1', code }]]);
      expect([what, t.outcome()?.ok]).toEqual([what, true]); // the round goes on without c1
      expect([what, failuresOf(t.run).includes('c1:SECAGG_MISBEHAVED')]).toEqual([what, convicted]);
    }
  });

  it('refuses a complaint out of stage (during share-keys) with STAGE_ORDER', async () => {
    let sent = false;
    const t = secureRun(config(), cohort(), {
      tamper: (id, out, x) => {
        if (id === 'c1' && out.stage === 'share-keys' && !sent) {
          sent = true;
          const task = t.link.taskOf('c1') as RoundTask;
          const c = complaint({ ...out, stage: 'masked-input' } as unknown as ClientMessage, { ...x, cSks: {} }, ['c3']);
          expect(() => t.run.receiveSecAgg('c1', { taskId: task.taskId, stage: 'masked-input', message: packMessage(c) })).toThrow(expect.objectContaining({ code: ErrorCode.StageOrder }));
        }
        return out;
      },
    });
    await t.settle();
    expect(sent).toBe(true);
    expect(t.outcome()?.ok).toBe(true);
  });

  it('never picks a quarantined client for the cohort', async () => {
    const f = fixture(['c0', 'c1', 'c2', 'c3', 'c4']);
    for (const id of f.cohort.connected) f.cohort.signingKeys.set(id, new Uint8Array(32));
    const run = new RoundRun({ ...roundSetup(secureConfig({ clientsPerRound: 4, minClients: 3, overSelection: 0.5 }), global), quarantined: new Set(['c2']) }, f.deps);
    void run.run();
    await f.clock.advance(0);
    await f.clock.advance(0);
    expect(run.view.cohort.length).toBeGreaterThan(0);
    expect(run.view.cohort).not.toContain('c2');
    run.stop('test over');
  });
});
