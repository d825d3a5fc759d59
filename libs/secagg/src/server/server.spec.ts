/**
 * Server refusals (README.md "Tests" and "Threat model"): forged
 * signatures, replays, out-of-order and late messages are refused with a code,
 * the state is unchanged, and the round still completes exactly for the others.
 */
import nacl from 'tweetnacl';
import { isComplaint, type ClientMessage, type MaskedInputMessage } from '../messages';
import { nodeBackend } from '../node/backend';
import { simulate, type SimResult } from '../testing/harness';
import { serverPending, serverReceive } from './server';

function expectExact(r: SimResult): void {
  expect(r.outcome.kind).toBe('done');
  if (r.outcome.kind !== 'done') return;
  expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
  // the reported survivors are exactly the senders whose masked input the server accepted
  expect([...r.outcome.result.survivors].sort()).toEqual([...r.maskedAccepted].sort());
}

const codes = (r: SimResult) => r.rejections.map((e) => `${e.code}:${e.clientId}`);

describe(serverReceive.name, () => {
  it('refuses a forged key signature (BAD_SIGNATURE) and completes without that client', () => {
    const r = simulate({
      n: 6,
      backend: nodeBackend,
      tamper: (m) => (m.stage === 'advertise-keys' && m.sender === 'c001' ? { ...m, signature: nacl.randomBytes(64) } : m),
    });
    expect(codes(r)).toEqual(['BAD_SIGNATURE:c001']);
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).not.toContain('c001');
  });

  it('refuses a consistency signature over another U3; that client is left out of U4 only', () => {
    const r = simulate({
      n: 6,
      backend: nodeBackend,
      tamperRequest: (to, m) => (m.stage === 'consistency-check' && to === 'c002' ? { ...m, survivors: m.survivors.filter((id) => id !== 'c005') } : m),
    });
    // The smaller U3 is still plausible to c002, so it signs it; the server checks every signature against the real U3.
    expect(codes(r)).toEqual(['BAD_SIGNATURE:c002']);
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).toContain('c002');
    expect(r.server.u4).not.toContain('c002');
  });

  it('refuses replays (DUPLICATE), earlier-stage messages (STAGE_ORDER), other rounds (WRONG_ROUND) and strangers', () => {
    const other = simulate({ n: 4, backend: nodeBackend, round: 7 });
    const r = simulate({
      n: 5,
      backend: nodeBackend,
      beforeClose: (stage, ctx) => {
        const first = ctx.sent.find((m) => m.stage === stage)!;
        const before = JSON.stringify(serverPending(ctx.server));
        expect(ctx.deliver(first)).toMatchObject({ accepted: false, error: { code: 'DUPLICATE' } });
        if (stage !== 'advertise-keys') {
          const earlier = ctx.sent.find((m) => m.stage === 'advertise-keys')!;
          expect(ctx.deliver(earlier)).toMatchObject({ accepted: false, error: { code: 'STAGE_ORDER' } });
        }
        const replayed = other.sent.find((m) => m.stage === stage)!;
        expect(ctx.deliver(replayed)).toMatchObject({ accepted: false, error: { code: 'WRONG_ROUND' } });
        expect(ctx.deliver({ ...first, sender: 'x99' } as ClientMessage)).toMatchObject({ accepted: false, error: { code: 'NOT_IN_COHORT' } });
        expect(JSON.stringify(serverPending(ctx.server))).toBe(before);
      },
    });
    expect(r.rejections.length).toBeGreaterThanOrEqual(4 * 5 - 1);
    expectExact(r);
  });

  it('refuses late masked input after the stage closed, and malformed vectors', () => {
    let late: MaskedInputMessage | null = null;
    const r = simulate({
      n: 7,
      backend: nodeBackend,
      tamper: (m) => {
        if (m.stage === 'masked-input' && !isComplaint(m) && m.sender === 'c003') {
          late = m;
          return null; // lost in transit: c003 counts as dropped
        }
        if (m.stage === 'masked-input' && !isComplaint(m) && m.sender === 'c004') return { ...m, masked: m.masked.subarray(1) };
        return m;
      },
      beforeClose: (stage, ctx) => {
        if (stage === 'consistency-check') expect(ctx.deliver(late!)).toMatchObject({ accepted: false, error: { code: 'STAGE_ORDER' } });
      },
    });
    expect(codes(r)).toEqual(['BAD_PAYLOAD:c004', 'STAGE_ORDER:c003']);
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).toEqual(['c000', 'c001', 'c002', 'c005', 'c006']);
  });

  it.each([
    ['active', 'BAD_SIGNATURE'],
    ['semi-honest', 'DECRYPT_FAILED'],
  ] as const)('%s: a client given a ciphertext the server altered aborts (%s) and blames nobody; the others complete', (threatModel, code) => {
    const r = simulate({
      n: 6,
      threatModel,
      backend: nodeBackend,
      tamperRequest: (to, m) => {
        if (m.stage !== 'masked-input' || to !== 'c003') return m;
        return { ...m, ciphertexts: m.ciphertexts.map((c, i) => (i === 0 ? { ...c, box: c.box.map((b, j) => (j === 5 ? b ^ 1 : b)) } : c)) };
      },
    });
    expect(r.clientErrors.c003?.code).toBe(code);
    expect(r.verdicts).toEqual([]);
    expectExact(r);
    if (r.outcome.kind === 'done') expect(r.outcome.result.survivors).not.toContain('c003');
  });
});
