/**
 * Blame at masked-input (server/complaint, docs/secure-aggregation.md
 * "Blame"): whole simulated rounds with real crypto — a garbage sender, a
 * false accuser, two colluding attackers, the honest round (no complaint, no
 * extra message), and every refused complaint.
 */
import { randomBytes } from 'node:crypto';
import { SecAggErrorCode } from '../errors';
import type { ClientMessage, ComplaintMessage, ServerMessage, ShareKeysMessage } from '../messages';
import { isComplaint } from '../messages';
import { complaintTranscript, shareCiphertextTranscript } from '../crypto/transcripts';
import { deriveShareKey } from '../crypto/share-key';
import { openShares } from '../crypto/share-cipher';
import { pairPublicKey } from '../pair-keys';
import { nodeBackend } from '../node/backend';
import { ids, signingKeys, simulate, type SimContext, type SimOptions } from '../testing/harness';
import type { ClientState } from '../client/state';

const N = 6;
const who = ids(N);
const signing = signingKeys(who);
const sign = (id: string, m: Uint8Array) => nodeBackend.ed25519Sign(m, signing[id].secretKey);
const base: SimOptions = { n: N, backend: nodeBackend, signing, P: 8 };

/** `id` sends right-length random boxes, validly signed by itself. */
function garbageFrom(...senders: string[]) {
  return (msg: ClientMessage): ClientMessage => {
    if (msg.stage !== 'share-keys' || !senders.includes(msg.sender)) return msg;
    const m = msg as ShareKeysMessage;
    const ciphertexts = m.ciphertexts.map((c) => {
      const box = new Uint8Array(randomBytes(c.box.length));
      return { ...c, box, signature: sign(m.sender, shareCiphertextTranscript(m.runId, m.round, m.sender, c.to, c.nonce, box)) };
    });
    return { ...m, ciphertexts };
  };
}

type PairSecrets = Record<string, Uint8Array>;

/** Captures each client's per-pair c_{u,v}^SK (by v) before its masked-input step (it is wiped by the step). */
function keyCapture() {
  const keys: Record<string, PairSecrets> = {};
  return {
    keys,
    tamperRequest: (to: string, req: ServerMessage, state: ClientState) => {
      if (req.stage === 'masked-input' && state.cKeys) keys[to] = Object.fromEntries(Object.entries(state.cKeys).map(([v, k]) => [v, k.secretKey.slice()]));
      return req;
    },
  };
}

/** A complaint by `from` revealing `secrets[v]` (zeros when absent) for each accused v, validly signed. */
function complaintOf(from: string, accused: string[], secrets: PairSecrets, runId = 'run-1', round = 1): ComplaintMessage {
  const cSks = accused.map((v) => secrets[v] ?? new Uint8Array(32));
  const signature = sign(from, complaintTranscript(runId, round, from, accused, cSks));
  return { runId, round, stage: 'masked-input', sender: from, complaint: { accused, cSks, signature } };
}

const convictedIn = (r: ReturnType<typeof simulate>) => r.verdicts.flatMap((v) => v.convicted.map((c) => c.id)).sort();

describe('blame in secure aggregation', () => {
  it('honest round: every ciphertext is signed, no complaint, no extra message (5 stages × n messages)', () => {
    const r = simulate(base);
    expect(r.outcome.kind).toBe('done');
    expect(r.verdicts).toEqual([]);
    expect(r.sent.filter((m) => m.stage === 'masked-input' && isComplaint(m))).toEqual([]);
    expect(r.sent).toHaveLength(5 * N);
    for (const m of r.sent) if (m.stage === 'share-keys') for (const c of (m as ShareKeysMessage).ciphertexts) expect(c.signature).toHaveLength(64);
    expect(r.outcome.kind === 'done' && r.outcome.result.sum).toEqual(r.expected);
  });

  it('garbage sender: its neighbours complain, it alone is convicted and the attempt ends before unmasking', () => {
    const r = simulate({ ...base, tamper: garbageFrom('c002') });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: SecAggErrorCode.Misbehaved, stage: 'masked-input', clientId: 'c002', convicted: ['c002'] } });
    expect(convictedIn(r)).toEqual(['c002']);
    expect(r.verdicts[0].halted).toBe(true);
    expect(r.server.u3).toBeNull(); // nothing was unmasked
    expect(r.server.maskedSum).toBeNull();
  });

  it('per-pair keys: the union of every revealed key opens no ciphertext of an honest member (only pairs with the accused)', () => {
    const r = simulate({ ...base, tamper: garbageFrom('c002') });
    const s = r.server;
    const complaints = r.sent.filter((m): m is ComplaintMessage => isComplaint(m));
    const complainers = complaints.map((m) => m.sender).sort();
    expect(complainers).toEqual(who.filter((id) => id !== 'c002' && s.neighbours.c002.includes(id)));
    expect(complainers.length).toBeGreaterThanOrEqual(s.config.t); // before per-pair keys, enough to rebuild a secret
    const revealed = complaints.flatMap((m) => m.complaint.accused.map((v, i) => ({ u: m.sender, v, sk: m.complaint.cSks[i] })));
    // Each complaint reveals exactly c_{u,c002}^SK: the key of the pair with the accused, nothing else.
    expect(revealed.map((x) => x.v)).toEqual(complaints.map(() => 'c002'));
    for (const { u, sk } of revealed) expect(nodeBackend.x25519PublicKey(sk)).toEqual(pairPublicKey(s.keys[u], 'c002'));
    const cfg = s.config;
    const side = (id: string) => ({ id, index: s.index[id] });
    const opens = (sk: Uint8Array, from: string, to: string, self: string, peer: string, peerPk: Uint8Array): boolean => {
      const key = deriveShareKey(nodeBackend, cfg.runId, cfg.round, side(self), side(peer), sk, peerPk);
      try {
        openShares(key, s.shares[from][to], { runId: cfg.runId, round: cfg.round, sender: from, recipient: to, x: s.index[to] });
        return true;
      } catch (e) {
        expect(e).toMatchObject({ code: SecAggErrorCode.DecryptFailed });
        return false;
      }
    };
    // Control: each revealed key does open what it should, the complainer's own ciphertext to the accused.
    for (const { u, sk } of revealed) expect(opens(sk, u, 'c002', u, 'c002', pairPublicKey(s.keys['c002'], u)!)).toBe(true);
    // Every stored ciphertext w → x, under every revealed key, with either party's advertised key for that pair and either id order:
    // only the complainers' own ciphertexts to the accused open (shares the accused holds anyway), none between honest members.
    const opened = new Set<string>();
    let tried = 0;
    for (const [w, to] of Object.entries(s.shares)) {
      for (const x of Object.keys(to)) {
        for (const { sk } of revealed) {
          for (const pk of [pairPublicKey(s.keys[w], x)!, pairPublicKey(s.keys[x], w)!]) {
            for (const [self, peer] of [[x, w], [w, x]]) {
              tried++;
              if (opens(sk, w, x, self, peer, pk)) opened.add(`${w}→${x}`);
            }
          }
        }
      }
    }
    expect(tried).toBe(4 * revealed.length * who.length * s.neighbours.c000.length);
    expect([...opened].sort()).toEqual(complainers.map((u) => `${u}→c002`));
  });

  it('a ciphertext the sender did not sign is refused on upload (BAD_SIGNATURE): never forwarded, nobody blamed', () => {
    const unsigned = (msg: ClientMessage): ClientMessage => {
      if (msg.stage !== 'share-keys' || msg.sender !== 'c001') return msg;
      return { ...msg, ciphertexts: (msg as ShareKeysMessage).ciphertexts.map((c) => ({ ...c, box: new Uint8Array(randomBytes(c.box.length)) })) };
    };
    const r = simulate({ ...base, tamper: unsigned });
    expect(r.rejections[0]).toMatchObject({ code: SecAggErrorCode.BadSignature, stage: 'share-keys', clientId: 'c001' });
    expect(r.server.u2).not.toContain('c001');
    expect(r.verdicts).toEqual([]);
    expect(r.outcome.kind).toBe('done');
  });

  it('false accuser: convicted (the ciphertext opens), dropped like a dropout; the attempt still completes', () => {
    const cap = keyCapture();
    const r = simulate({
      ...base,
      tamperRequest: cap.tamperRequest,
      tamper: (m) => (m.stage === 'masked-input' && m.sender === 'c003' ? complaintOf('c003', ['c004'], cap.keys.c003) : m),
    });
    expect(r.rejections).toEqual([expect.objectContaining({ code: SecAggErrorCode.Misbehaved, clientId: 'c003' })]);
    expect(r.verdicts).toEqual([{ convicted: [{ id: 'c003', reason: expect.stringMatching(/false complaint.*c004/) }], halted: false }]);
    expect(r.outcome.kind).toBe('done');
    expect(r.outcome.kind === 'done' && r.outcome.result.survivors).not.toContain('c003');
    expect(r.outcome.kind === 'done' && r.outcome.result.sum).toEqual(r.expected);
  });

  it('two colluding attackers: a garbage sender and a false accuser of an honest member are both convicted, no honest client is', () => {
    const cap = keyCapture();
    const garbage = garbageFrom('c005');
    const r = simulate({
      ...base,
      tamperRequest: cap.tamperRequest,
      tamper: (m) => (m.stage === 'masked-input' && m.sender === 'c000' ? complaintOf('c000', ['c001'], cap.keys.c000) : garbage(m)),
    });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { code: SecAggErrorCode.Misbehaved } });
    expect(convictedIn(r)).toEqual(['c000', 'c005']);
  });

  it('two colluding garbage senders: an honest neighbour names both in one complaint; both convicted at once', () => {
    const r = simulate({ ...base, tamper: garbageFrom('c001', 'c004') });
    expect(r.verdicts[0]).toEqual({ convicted: [{ id: 'c001', reason: expect.any(String) }, { id: 'c004', reason: expect.any(String) }], halted: true });
    expect(r.outcome).toMatchObject({ kind: 'failed', failure: { convicted: ['c001', 'c004'] } });
  });

  describe('refused complaints', () => {
    /** Runs an honest round and delivers `make(keys)` from c003 before its own masked input. */
    function deliverAtMaskedInput(make: (keys: Record<string, PairSecrets>) => ClientMessage) {
      const cap = keyCapture();
      let ctx: SimContext | null = null;
      let result: ReturnType<SimContext['deliver']> | null = null;
      const r = simulate({
        ...base,
        tamperRequest: cap.tamperRequest,
        beforeDeliver: (_stage, c) => void (ctx = c),
        tamper: (m) => {
          if (m.stage === 'masked-input' && m.sender === 'c003') result = ctx!.deliver(make(cap.keys));
          return m;
        },
      });
      return { r, result: result! };
    }

    it('malformed (a key of the wrong length): BAD_PAYLOAD, nobody convicted', () => {
      const { r, result } = deliverAtMaskedInput((k) => ({ ...complaintOf('c003', ['c004'], k.c003), complaint: { accused: ['c004'], cSks: [new Uint8Array(31)], signature: new Uint8Array(64) } }));
      expect(result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.BadPayload }, verdict: undefined });
      expect(r.outcome.kind).toBe('done');
    });

    it('naming a non-member: NOT_IN_COHORT; a bad complaint signature: BAD_SIGNATURE; nobody convicted', () => {
      let out = deliverAtMaskedInput((k) => complaintOf('c003', ['c999'], k.c003));
      expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.NotInCohort } });
      out = deliverAtMaskedInput((k) => ({ ...complaintOf('c003', ['c004'], k.c003), complaint: { accused: ['c004'], cSks: [k.c003.c004], signature: new Uint8Array(64) } }));
      expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.BadSignature } });
      expect(out.r.verdicts).toEqual([]);
    });

    it('replayed from another attempt: WRONG_ROUND; a revealed key that is not the advertised one: BAD_KEY and the accuser is convicted', () => {
      let out = deliverAtMaskedInput((k) => complaintOf('c003', ['c004'], k.c003, 'run-0'));
      expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.WrongRound } });
      out = deliverAtMaskedInput(() => complaintOf('c003', ['c004'], { c004: new Uint8Array(randomBytes(32)) }));
      expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.BadKey, clientId: 'c003' }, verdict: { convicted: [{ id: 'c003' }], halted: false } });
      expect(out.r.rejections.map((e) => e.code)).toContain(SecAggErrorCode.Duplicate); // its own masked input afterwards
      // A real key of c003, but of another pair (c003, c002): BAD_KEY too.
      out = deliverAtMaskedInput((k) => complaintOf('c003', ['c004'], { c004: k.c003.c002 }));
      expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.BadKey, clientId: 'c003', message: expect.stringContaining('for c004') } });
    });

    it('one per-pair key per accused: a missing or extra key is malformed (BAD_PAYLOAD), nobody convicted', () => {
      for (const cSks of [(k: PairSecrets) => [k.c004], (k: PairSecrets) => [k.c001, k.c004, k.c005]]) {
        const out = deliverAtMaskedInput((k) => {
          const keys = cSks(k.c003);
          return { runId: 'run-1', round: 1, stage: 'masked-input', sender: 'c003', complaint: { accused: ['c001', 'c004'], cSks: keys, signature: sign('c003', complaintTranscript('run-1', 1, 'c003', ['c001', 'c004'], keys)) } };
        });
        expect(out.result).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.BadPayload, message: expect.stringContaining('one 32-byte per-pair key for each accused') }, verdict: undefined });
        expect(out.r.outcome.kind).toBe('done');
      }
    });

    it('out of stage: a complaint during share-keys is refused with STAGE_ORDER', () => {
      const r = simulate({
        ...base,
        beforeClose: (stage, ctx) => {
          if (stage === 'share-keys') expect(ctx.deliver(complaintOf('c003', ['c004'], {}))).toMatchObject({ accepted: false, error: { code: SecAggErrorCode.StageOrder } });
        },
      });
      expect(r.outcome.kind).toBe('done');
    });
  });
});
