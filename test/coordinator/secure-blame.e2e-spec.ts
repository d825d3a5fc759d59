/**
 * Blame in secure aggregation (docs/secure-aggregation.md "Blame"), over real
 * sockets with real crypto: one member sends share ciphertexts of the right
 * length but random content, validly signed by itself, in every attempt. The
 * honest members complain with evidence; the coordinator convicts it
 * (`SECAGG_MISBEHAVED`), ends that attempt before anything is unmasked, and
 * quarantines it for the rest of the job; every round completes without it
 * and no honest client is blamed. Each complaint reveals only the
 * complainer's per-pair key for the attacker, the one it advertised.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@fl/protocol';
import { isComplaint, nodeBackend, pairPublicKey, shareCiphertextTranscript, type AdvertiseKeysMessage, type ClientMessage, type ComplaintMessage, type ShareKeysMessage } from '@fl/secagg/node';
import type { Harness } from './support/harness';
import { secureSuite, type SecureClient } from './support/secure-client';

const P = 40;
const HONEST = 5;

describe('secure aggregation: blame (e2e)', () => {
  let h: Harness;
  const { enrol } = secureSuite((x) => (h = x));

  it('a member sending garbage ciphertexts in every attempt is convicted once, quarantined, and the job completes every round', async () => {
    let attackerKey: Uint8Array | null = null;
    let garbageSent = 0;
    const attacker = await enrol({
      dataset: 'sec',
      numExamples: 10,
      tamper: (msg) => {
        if (msg.stage !== 'share-keys') return msg;
        garbageSent++;
        const m = msg as ShareKeysMessage;
        return {
          ...m,
          ciphertexts: m.ciphertexts.map((c) => {
            const box = new Uint8Array(randomBytes(c.box.length));
            return { ...c, box, signature: nodeBackend.ed25519Sign(shareCiphertextTranscript(m.runId, m.round, m.sender, c.to, c.nonce, box), attackerKey!) };
          }),
        };
      },
    });
    attackerKey = attacker.signing.secretKey;
    const honest: SecureClient[] = [];
    const advertised: AdvertiseKeysMessage[] = [];
    const complaints: ComplaintMessage[] = [];
    const record = (msg: ClientMessage): ClientMessage => {
      if (msg.stage === 'advertise-keys' && msg.runId.endsWith('.r1.a1')) advertised.push(msg);
      if (isComplaint(msg)) complaints.push(msg);
      return msg;
    };
    for (let i = 0; i < HONEST; i++) {
      honest.push(await enrol({ dataset: 'sec', numExamples: 10, perturbation: 0.01 * (i + 1), tamper: record }));
    }
    const { created, done } = await h.runJob(
      {
        model: { builtin: 'synthetic', params: P },
        dataset: 'sec',
        rounds: 2,
        clientsPerRound: HONEST + 1, // the whole population: the first attempt picks the attacker
        minClients: 3,
        overSelection: 0,
        maxRoundRetries: 2,
        roundDeadlineSeconds: 20,
        waitForClientsSeconds: 2,
        evaluate: false,
        secureAggregation: { stageTimeoutSeconds: 10 },
      },
      120_000,
    );

    expect(done.status).toBe('completed');
    expect(done.completedRounds).toBe(2);
    const [first, ...later] = done.rounds;
    // The first attempt: the attacker convicted, nothing unmasked, only it named.
    expect(first).toMatchObject({ round: 1, attempt: 1, phase: 'failed', participants: [] });
    expect(first.failureReason).toMatch(new RegExp(`${ErrorCode.SecAggMisbehaved} \\(client ${attacker.id}\\)`));
    expect(first.cohort).toContain(attacker.id);
    expect(first.failures).toContainEqual(expect.objectContaining({ clientId: attacker.id, code: ErrorCode.SecAggMisbehaved }));
    expect([...new Set(first.failures.map((f) => f.clientId))]).toEqual([attacker.id]);
    expect(garbageSent).toBe(1);
    // Honest members complained (all are the attacker's neighbours; one that got the cancel first need not), each
    // revealing one key: its per-pair c_{u,attacker}^SK, whose public half it advertised for the attacker, none of another pair.
    expect(complaints.length).toBeGreaterThan(0);
    for (const m of complaints) expect(honest.map((c) => c.id)).toContain(m.sender);
    for (const m of complaints) {
      expect(m.complaint.accused).toEqual([attacker.id]);
      expect(m.complaint.cSks).toHaveLength(1);
      const adv = advertised.find((a) => a.sender === m.sender)!;
      expect(adv.cTo).toHaveLength(HONEST); // one per-pair key per neighbour
      expect(nodeBackend.x25519PublicKey(m.complaint.cSks[0])).toEqual(pairPublicKey(adv, attacker.id));
    }
    // Quarantined: every later attempt succeeds without it, and no honest client is ever blamed.
    for (const r of later) {
      expect(r.phase).toBe('done');
      expect(r.cohort).not.toContain(attacker.id);
      expect(r.participants.sort()).toEqual(honest.map((c) => c.id).sort());
      expect(r.failures).toEqual([]);
    }
    expect(done.quarantined).toEqual([{ clientId: attacker.id, round: 1, attempt: 1, reason: expect.stringMatching(/does not open/) }]);
    // The status route shows the same.
    const view = await h.job(created.id);
    expect(view.quarantined.map((q) => q.clientId)).toEqual([attacker.id]);
  });
});
