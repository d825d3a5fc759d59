/**
 * Client stage discipline and the checks before masking: stage order with a
 * code, (run, round) binding, idempotent repeats, key and signature checks at
 * share-keys, and the config/identity checks at advertise-keys.
 */
import nacl from 'tweetnacl';
import { createSecAggConfig } from '../config';
import type { AdvertiseKeysRequest, ShareKeysRequest } from '../messages';
import { nodeBackend } from '../node/backend';
import { ids, signingKeys } from '../testing/harness';
import { clientAdvertiseKeys } from './advertise-keys';
import { clientShareKeys } from './share-keys';
import { chooseSecAggParams, DEFAULT_SECAGG_POLICY } from '../graph/params';
import { createClient, type ClientEnv } from './state';
import { clientStep } from './step';

const participants = ids(4);
const signing = signingKeys(participants);
const env = (id: string) => ({ backend: nodeBackend, signingSecretKey: signing[id].secretKey });

function start(): { req: AdvertiseKeysRequest; adverts: ShareKeysRequest['keys'] } {
  const config = createSecAggConfig({
    runId: 'job-9/a0',
    round: 2,
    participants,
    vectorLength: 8,
    signingKeys: Object.fromEntries(participants.map((id) => [id, signing[id].publicKey])),
  });
  const req: AdvertiseKeysRequest = { runId: 'job-9/a0', round: 2, stage: 'advertise-keys', config };
  return { req, adverts: [] };
}

describe(clientAdvertiseKeys.name, () => {
  it('refuses out-of-order requests with STAGE_ORDER and other rounds with WRONG_ROUND', () => {
    const { req } = start();
    const c = createClient('c000');
    const shareReq: ShareKeysRequest = { runId: 'job-9/a0', round: 2, stage: 'share-keys', keys: [] };
    expect(() => clientStep(c, shareReq, env('c000'))).toThrow(expect.objectContaining({ code: 'STAGE_ORDER' }));
    const s1 = clientAdvertiseKeys(c, req, env('c000')).state;
    expect(() => clientStep(s1, { runId: 'job-9/a0', round: 2, stage: 'unmask', survivors: [], bOf: [], sOf: [] }, env('c000'))).toThrow(expect.objectContaining({ code: 'STAGE_ORDER' }));
    expect(() => clientStep(s1, { ...shareReq, round: 1 }, env('c000'))).toThrow(expect.objectContaining({ code: 'WRONG_ROUND' }));
    expect(() => clientStep(s1, { ...shareReq, runId: 'job-9/a1' }, env('c000'))).toThrow(expect.objectContaining({ code: 'WRONG_ROUND' }));
  });

  it('answers a repeated request with the same keys (idempotent), fresh keys for a new client state', () => {
    const { req } = start();
    const a = clientAdvertiseKeys(createClient('c000'), req, env('c000'));
    const again = clientAdvertiseKeys(a.state, req, env('c000'));
    expect(again.output).toBe(a.output);
    const b = clientAdvertiseKeys(createClient('c000'), req, env('c000'));
    expect(Buffer.from(b.output.sPk).equals(Buffer.from(a.output.sPk))).toBe(false);
  });

  it('refuses a config it is not in, a wrong signing key, and an invalid config', () => {
    const { req } = start();
    expect(() => clientAdvertiseKeys(createClient('zz9'), req, env('c000'))).toThrow(expect.objectContaining({ code: 'NOT_IN_COHORT' }));
    expect(() => clientAdvertiseKeys(createClient('c000'), req, env('c001'))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    expect(() => clientAdvertiseKeys(createClient('c000'), req, { backend: nodeBackend })).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    expect(() => clientAdvertiseKeys(createClient('c000'), { ...req, config: { ...req.config, t: 2 } }, env('c000'))).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => clientAdvertiseKeys(createClient('c000'), { ...req, round: 3 }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });
});

describe(`${clientAdvertiseKeys.name}: its own policy and identity`, () => {
  const cohort = ids(50);
  const keys50 = signingKeys(cohort);
  function request50(k: number, t: number, threatModel: 'active' | 'semi-honest' = 'active'): AdvertiseKeysRequest {
    const config = createSecAggConfig({
      runId: 'job-9/a0',
      round: 2,
      participants: cohort,
      vectorLength: 8,
      k,
      t,
      threatModel,
      signingKeys: Object.fromEntries(cohort.map((id) => [id, keys50[id].publicKey])),
    });
    return { runId: 'job-9/a0', round: 2, stage: 'advertise-keys', config };
  }
  const env50 = (id: string, extra: Partial<ClientEnv> = {}): ClientEnv => ({ backend: nodeBackend, signingSecretKey: keys50[id].secretKey, ...extra });

  it('refuses a valid but weak (k, t) with WEAK_PARAMS under the default policy, naming k, t and n', () => {
    expect(() => clientAdvertiseKeys(createClient('c000'), request50(8, 5), env50('c000'))).toThrow(
      expect.objectContaining({ code: 'WEAK_PARAMS', stage: 'advertise-keys', clientId: 'c000', message: expect.stringContaining('(k, t) = (8, 5) for n = 50') }),
    );
    // the complete graph below Bonawitz's bound (semi-honest: t ≥ ⌊2n/3⌋ + 1 = 34)
    expect(() => clientAdvertiseKeys(createClient('c000'), request50(49, 30, 'semi-honest'), env50('c000'))).toThrow(expect.objectContaining({ code: 'WEAK_PARAMS' }));
  });

  it('accepts what the coordinator chooses for the default policy, and follows the policy it is given', () => {
    const p = DEFAULT_SECAGG_POLICY;
    for (const model of ['active', 'semi-honest'] as const) {
      const { k, t } = chooseSecAggParams(50, p.dropout, p.corruption, p.sigma, p.eta, { model });
      expect(clientAdvertiseKeys(createClient('c007'), request50(k, t, model), env50('c007')).output.sender).toBe('c007');
    }
    expect(() => clientAdvertiseKeys(createClient('c000'), request50(8, 5), env50('c000', { policy: { ...p, corruption: 0 } }))).not.toThrow();
    expect(() => clientAdvertiseKeys(createClient('c000'), request50(8, 5), env50('c000', { policy: 'unchecked' }))).not.toThrow();
  });

  it('refuses a config whose key for this client is not the public key of its signing secret key', () => {
    const { req } = start();
    // A secret key whose second half is the enrolled public key but whose seed is someone else's.
    const forged = new Uint8Array(64);
    forged.set(signing.c001.secretKey.subarray(0, 32));
    forged.set(signing.c000.publicKey, 32);
    expect(() => clientAdvertiseKeys(createClient('c000'), req, { backend: nodeBackend, signingSecretKey: forged })).toThrow(expect.objectContaining({ code: 'BAD_KEY', clientId: 'c000' }));
    // The config names a substituted key for this client.
    const substituted = { ...req, config: { ...req.config, signingKeys: { ...req.config.signingKeys, c000: signing.c003.publicKey } } };
    const c003AsC000 = { ...substituted.config.signingKeys, c003: signing.c000.publicKey };
    expect(() => clientAdvertiseKeys(createClient('c000'), { ...substituted, config: { ...substituted.config, signingKeys: c003AsC000 } }, env('c000'))).toThrow(
      expect.objectContaining({ code: 'BAD_KEY', message: expect.stringContaining('substituted identity') }),
    );
    // The pure-JS backend derives the same public key.
    expect(() => clientAdvertiseKeys(createClient('c000'), req, { signingSecretKey: forged })).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    expect(clientAdvertiseKeys(createClient('c000'), req, { signingSecretKey: signing.c000.secretKey }).output.signature).toHaveLength(64);
  });
});

describe(clientShareKeys.name, () => {
  function advertised() {
    const { req } = start();
    const states = Object.fromEntries(participants.map((id) => [id, clientAdvertiseKeys(createClient(id), req, env(id))]));
    const keys = participants.map((id) => ({ id, cTo: states[id].output.cTo, cPks: states[id].output.cPks, sPk: states[id].output.sPk, signature: states[id].output.signature }));
    const shareReq: ShareKeysRequest = { runId: 'job-9/a0', round: 2, stage: 'share-keys', keys };
    return { state: states.c000.state, shareReq, keys };
  }

  it('shares to every live neighbour, one ciphertext each', () => {
    const { state, shareReq } = advertised();
    const out = clientShareKeys(state, shareReq, env('c000'));
    expect(out.output.ciphertexts.map((c) => c.to)).toEqual(['c001', 'c002', 'c003']);
    expect(out.state.held.c000).toBeDefined();
    expect(out.state.b).toHaveLength(32);
  });

  it('refuses a forged key signature', () => {
    const { state, shareReq, keys } = advertised();
    const forged = keys.map((k) => (k.id === 'c002' ? { ...k, sPk: nacl.randomBytes(32) } : k));
    expect(() => clientShareKeys(state, { ...shareReq, keys: forged }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE', clientId: 'c002' }));
  });

  it('refuses repeated keys, altered own keys, bad lengths, a neighbour without a per-pair key for this client and too few live neighbours', () => {
    const { state, shareReq, keys } = advertised();
    const dupKey = keys.map((k) => (k.id === 'c003' ? { ...k, cPks: keys[1].cPks } : k)); // c003's key for c000 is c001's
    expect(() => clientShareKeys(state, { ...shareReq, keys: dupKey }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    const altered = keys.map((k) => (k.id === 'c000' ? { ...k, cPks: nacl.randomBytes(k.cPks.length) } : k));
    expect(() => clientShareKeys(state, { ...shareReq, keys: altered }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_KEY', message: expect.stringContaining('altered') }));
    const short = keys.map((k) => (k.id === 'c001' ? { ...k, cPks: k.cPks.subarray(0, k.cPks.length - 1) } : k));
    expect(() => clientShareKeys(state, { ...shareReq, keys: short }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    // c001 names keys for its other neighbours only (the signature would not cover this either): nothing to seal c000's shares to c001 with.
    const withoutMine = keys.map((k) => (k.id === 'c001' ? { ...k, cTo: k.cTo.slice(1), cPks: k.cPks.subarray(32) } : k));
    expect(keys[1].cTo[0]).toBe('c000');
    expect(() => clientShareKeys(state, { ...shareReq, keys: withoutMine }, env('c000'))).toThrow(
      expect.objectContaining({ code: 'BAD_KEY', clientId: 'c001', message: expect.stringContaining('no per-pair key for c000') }),
    );
    expect(() => clientShareKeys(state, { ...shareReq, keys: keys.slice(0, 2) }, env('c000'))).toThrow(expect.objectContaining({ code: 'BELOW_THRESHOLD' }));
    expect(() => clientShareKeys(state, { ...shareReq, keys: [...keys, keys[1]] }, env('c000'))).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });
});
