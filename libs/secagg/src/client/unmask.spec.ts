/**
 * The client's refusal rule (Bonawitz et al., CCS 2017, §4): it never
 * reveals both kinds of share for one peer, whatever the server asks, and the
 * record of what it revealed survives a restart.
 */
import { nodeBackend } from '../node/backend';
import type { UnmaskRequest } from '../messages';
import { simulate } from '../testing/harness';
import type { ThreatModel } from '../stages';
import { deserializeClientState, serializeClientState } from './persist';
import type { ClientEnv, ClientState } from './state';
import { clientUnmask } from './unmask';

interface Captured {
  state: ClientState;
  req: UnmaskRequest;
  env: ClientEnv;
}

/** Runs a 5-client round (t = 4 active, 3 semi-honest) with c004 dropping at `dropStage`, capturing c000 at unmask. */
function captureUnmask(model: ThreatModel = 'active'): Captured {
  let captured: Captured | null = null;
  const r = simulate({
    n: 5,
    t: model === 'active' ? 4 : 3,
    k: 4,
    policy: 'unchecked', // t = 3 of 5 (semi-honest) is below Bonawitz's ⌊2n/3⌋ + 1
    threatModel: model,
    backend: nodeBackend,
    dropAt: { c004: 'masked-input' },
    tamperRequest: (to, msg, state) => {
      if (to === 'c000' && msg.stage === 'unmask') captured = { state, req: msg, env: { backend: nodeBackend } };
      return msg;
    },
  });
  expect(r.outcome.kind).toBe('done');
  const c = captured as Captured | null;
  if (!c) throw new Error('no unmask request captured');
  return c;
}

const refused = (code = 'UNMASK_REFUSED') => expect.objectContaining({ code });

describe(clientUnmask.name, () => {
  it('answers the proper request: b-shares for U3, s-share for the dropped c004', () => {
    const { state, req, env } = captureUnmask();
    expect(req.sOf).toEqual(['c004']);
    expect(req.bOf).toEqual(['c000', 'c001', 'c002', 'c003']);
    const out = clientUnmask(state, req, env);
    expect(out.output.bShares.map((s) => s.of)).toEqual(req.bOf);
    expect(out.output.sShares.map((s) => s.of)).toEqual(['c004']);
    expect(out.state.revealed).toEqual({ c000: 'b', c001: 'b', c002: 'b', c003: 'b', c004: 's' });
    // a repeat of the same request is answered identically
    const again = clientUnmask(out.state, req, env);
    expect(again.output).toEqual(out.output);
  });

  it('refuses an id in both lists, and ids that are not plain participant names', () => {
    const { state, req, env } = captureUnmask();
    expect(() => clientUnmask(state, { ...req, sOf: [...req.sOf, 'c001'] }, env)).toThrow(refused());
    expect(() => clientUnmask(state, { ...req, sOf: [...req.sOf, 'toString'] }, env)).toThrow(refused('BAD_PAYLOAD'));
  });

  it('refuses to be listed as dropped itself', () => {
    const { state, req, env } = captureUnmask();
    expect(() => clientUnmask(state, { ...req, bOf: req.bOf.filter((id) => id !== 'c000'), sOf: [...req.sOf, 'c000'] }, env)).toThrow(refused());
  });

  it('refuses lists that do not partition what it saw', () => {
    const { state, req, env } = captureUnmask();
    // a survivor missing from the b-list
    expect(() => clientUnmask(state, { ...req, bOf: req.bOf.slice(0, 3) }, env)).toThrow(refused());
    // a survivor moved to the s-list
    expect(() => clientUnmask(state, { ...req, bOf: req.bOf.filter((id) => id !== 'c002'), sOf: [...req.sOf, 'c002'] }, env)).toThrow(refused());
    // the dropped user moved to the b-list
    expect(() => clientUnmask(state, { ...req, bOf: [...req.bOf, 'c004'], sOf: [] }, env)).toThrow(refused());
  });

  it('refuses a U3 other than the one it signed, or signatures that do not cover it', () => {
    const { state, req, env } = captureUnmask();
    expect(() => clientUnmask(state, { ...req, survivors: ['c000', 'c001', 'c002', 'c003', 'c004'] }, env)).toThrow(refused('INCONSISTENT_VIEW'));
    const sigs = req.signatures!.map((s, i) => (i === 1 ? { ...s, signature: req.signatures![0].signature } : s));
    expect(() => clientUnmask(state, { ...req, signatures: sigs }, env)).toThrow(refused('INCONSISTENT_VIEW'));
    expect(() => clientUnmask(state, { ...req, signatures: req.signatures!.slice(0, 3) }, env)).toThrow(refused('BELOW_THRESHOLD'));
  });

  it('refuses |U3| < t (semi-honest: U3 first seen at unmask)', () => {
    const { state, req, env } = captureUnmask('semi-honest');
    expect(() => clientUnmask(state, { ...req, survivors: ['c000', 'c001'], bOf: ['c000', 'c001'], sOf: ['c002', 'c003', 'c004'] }, env)).toThrow(refused('BELOW_THRESHOLD'));
  });

  it('after a restart, never answers a retry asking for the other kind of share', () => {
    const { state, req, env } = captureUnmask('semi-honest');
    const answered = clientUnmask(state, req, env).state;
    const resumed = deserializeClientState(serializeClientState(answered));
    expect(resumed.revealed).toEqual(answered.revealed);
    // the retry claims c001 dropped: U3 changed → refused
    const flipped: UnmaskRequest = { ...req, survivors: req.survivors.filter((id) => id !== 'c001'), bOf: req.bOf.filter((id) => id !== 'c001'), sOf: [...req.sOf, 'c001'] };
    expect(() => clientUnmask(resumed, flipped, env)).toThrow(refused('INCONSISTENT_VIEW'));
    // even with the recorded U3 lost, the revealed record alone refuses it
    expect(() => clientUnmask({ ...resumed, survivors: null }, flipped, env)).toThrow(expect.objectContaining({ code: 'UNMASK_REFUSED', message: expect.stringContaining('already revealed') }));
    // and the proper request still works after the restart
    expect(clientUnmask(resumed, req, env).output.bShares).toHaveLength(req.bOf.length);
  });

  it('refuses an unmask request before the earlier stages', () => {
    const { req, env } = captureUnmask();
    const early = captureUnmask().state;
    expect(() => clientUnmask({ ...early, next: 'masked-input' }, req, env)).toThrow(refused('STAGE_ORDER'));
    expect(() => clientUnmask(early, { ...req, round: 99 }, env)).toThrow(refused('WRONG_ROUND'));
  });
});
