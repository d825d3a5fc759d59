/**
 * Round config: defaults (active, ChaCha20, complete graph with ⌊2n/3⌋ + 1)
 * and the validation a client runs on an untrusted config.
 */
import nacl from 'tweetnacl';
import { createSecAggConfig, validateSecAggConfig, type SecAggConfig } from './config';

const ids = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
const signingKeys = Object.fromEntries(ids.map((id) => [id, nacl.sign.keyPair().publicKey]));

describe(createSecAggConfig.name, () => {
  it('fills the defaults and sorts the cohort canonically', () => {
    const c = createSecAggConfig({ runId: 'job/a0', round: 1, participants: [...ids].reverse(), vectorLength: 10, signingKeys });
    expect(c).toMatchObject({ version: 1, participants: ids, k: 5, t: 5, prg: 'chacha20', threatModel: 'active' });
    expect(c.graphSeed).toHaveLength(32);
    expect(() => createSecAggConfig({ runId: 'job/a0', round: 1, participants: ids, vectorLength: 10, k: 4, signingKeys })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe(validateSecAggConfig.name, () => {
  const good = (): SecAggConfig => createSecAggConfig({ runId: 'job/a0', round: 1, participants: ids, vectorLength: 10, signingKeys });

  it('accepts a good config', () => {
    expect(validateSecAggConfig(good())).toBeDefined();
  });

  it('rejects every malformed field', () => {
    const cases: [Partial<Record<keyof SecAggConfig, unknown>>, string][] = [
      [{ version: 2 }, 'INVALID_PARAMS'],
      [{ runId: '' }, 'INVALID_PARAMS'],
      [{ round: -1 }, 'INVALID_PARAMS'],
      [{ participants: ['b2', 'a1', 'c3', 'd4', 'e5', 'f6'] }, 'INVALID_PARAMS'],
      [{ participants: ['a1', 'a1', 'c3', 'd4', 'e5', 'f6'] }, 'INVALID_PARAMS'],
      [{ participants: ['__proto__', 'a1', 'c3', 'd4', 'e5', 'f6'] }, 'INVALID_PARAMS'],
      [{ participants: ['a1', 'b2', 'c3', 'd4', 'e5', 'toString'] }, 'INVALID_PARAMS'],
      [{ participants: ['a 1', 'b2', 'c3', 'd4', 'e5', 'f6'] }, 'INVALID_PARAMS'],
      [{ k: 3 }, 'INVALID_PARAMS'],
      [{ t: 3 }, 'INVALID_PARAMS'],
      [{ graphSeed: new Uint8Array(16) }, 'INVALID_PARAMS'],
      [{ vectorLength: 0 }, 'INVALID_PARAMS'],
      [{ prg: 'mt19937' }, 'INVALID_PARAMS'],
      [{ threatModel: 'trusting' }, 'INVALID_PARAMS'],
      [{ signingKeys: { ...signingKeys, c3: undefined } }, 'BAD_KEY'],
      [{ signingKeys: { ...signingKeys, c3: signingKeys.a1 } }, 'BAD_KEY'],
    ];
    for (const [patch, code] of cases) expect(() => validateSecAggConfig({ ...good(), ...patch })).toThrow(expect.objectContaining({ code }));
    expect(() => validateSecAggConfig(null)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it('needs no signing keys in the semi-honest model', () => {
    expect(() => validateSecAggConfig({ ...good(), threatModel: 'semi-honest', signingKeys: {} })).not.toThrow();
  });
});
