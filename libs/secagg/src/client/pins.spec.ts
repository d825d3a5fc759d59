/**
 * Trust on first use for peers' signing keys: the first config pins them, a
 * later config that substitutes one is refused (BAD_KEY naming the peer), the
 * pins persist as plain JSON, and a refused config changes no pin.
 */
import nacl from 'tweetnacl';
import { createSecAggConfig, type SecAggConfig } from '../config';
import type { AdvertiseKeysRequest } from '../messages';
import { nodeBackend } from '../node/backend';
import { ids, signingKeys, simulate } from '../testing/harness';
import { toHex } from '../util/bytes';
import { clientAdvertiseKeys } from './advertise-keys';
import { KeyPins } from './pins';
import { createClient } from './state';

const cohort = ids(4);
const signing = signingKeys(cohort);
const enrolled = Object.fromEntries(cohort.map((id) => [id, signing[id].publicKey]));

function request(round: number, keys: Record<string, Uint8Array> = enrolled, extra: Partial<SecAggConfig> = {}): AdvertiseKeysRequest {
  const config = { ...createSecAggConfig({ runId: 'job-1/a0', round, participants: cohort, vectorLength: 4, signingKeys: keys }), ...extra };
  return { runId: 'job-1/a0', round, stage: 'advertise-keys', config };
}
const env = (pins?: KeyPins) => ({ backend: nodeBackend, signingSecretKey: signing.c000.secretKey, pins });
const hexes = (pins: KeyPins) => Object.fromEntries(cohort.filter((id) => pins.get(id)).map((id) => [id, toHex(pins.get(id)!)]));

describe(KeyPins.name, () => {
  it('pins the peers of the first config (not the client itself) and accepts the same keys again', () => {
    const pins = new KeyPins();
    clientAdvertiseKeys(createClient('c000'), request(1), env(pins));
    expect(pins.size).toBe(3);
    expect(pins.get('c000')).toBeUndefined();
    expect(toHex(pins.get('c002')!)).toBe(toHex(signing.c002.publicKey));
    expect(() => clientAdvertiseKeys(createClient('c000'), request(2), env(pins))).not.toThrow();
  });

  it("refuses a later config that substitutes a peer's key, naming the peer, and changes no pin", () => {
    const pins = new KeyPins();
    clientAdvertiseKeys(createClient('c000'), request(1), env(pins));
    const before = hexes(pins);
    const substituted = { ...enrolled, c002: nacl.sign.keyPair().publicKey };
    // Without pins the substituted key is taken on trust (the gap TOFU closes for later rounds).
    expect(() => clientAdvertiseKeys(createClient('c000'), request(2, substituted), env())).not.toThrow();
    expect(() => clientAdvertiseKeys(createClient('c000'), request(2, substituted), env(pins))).toThrow(
      expect.objectContaining({ code: 'BAD_KEY', clientId: 'c002', stage: 'advertise-keys', message: expect.stringContaining('pinned on first use') }),
    );
    expect(hexes(pins)).toEqual(before);
  });

  it('learns a newcomer on first sight, and pins nothing from a refused config', () => {
    const pins = new KeyPins({ c001: signing.c001.publicKey });
    expect(() => clientAdvertiseKeys(createClient('c000'), request(1, enrolled, { t: 2, threatModel: 'semi-honest' }), env(pins))).toThrow(expect.objectContaining({ code: 'WEAK_PARAMS' }));
    expect(pins.size).toBe(1);
    clientAdvertiseKeys(createClient('c000'), request(1), env(pins));
    expect(Object.keys(pins.toJSON()).sort()).toEqual(['c001', 'c002', 'c003']);
  });

  it('survives a JSON round trip and refuses malformed pins', () => {
    const pins = new KeyPins();
    clientAdvertiseKeys(createClient('c000'), request(1), env(pins));
    const back = KeyPins.fromJSON(JSON.parse(JSON.stringify(pins)));
    expect(hexes(back)).toEqual(hexes(pins));
    const substituted = { ...enrolled, c003: nacl.sign.keyPair().publicKey };
    expect(() => clientAdvertiseKeys(createClient('c000'), request(2, substituted), env(back))).toThrow(expect.objectContaining({ code: 'BAD_KEY', clientId: 'c003' }));
    for (const bad of [null, [], 'x', { c001: 'not base64!' }, { c001: 42 }, { c001: Buffer.alloc(31).toString('base64') }, { toString: Buffer.alloc(32).toString('base64') }]) {
      expect(() => KeyPins.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    }
    expect(pins.forget('c003')).toBe(true);
    expect(() => clientAdvertiseKeys(createClient('c000'), request(2, substituted), env(pins))).not.toThrow();
  });

  it('keeps its own copies: mutating the config afterwards does not move a pin', () => {
    const pins = new KeyPins();
    const keys = Object.fromEntries(Object.entries(enrolled).map(([id, k]) => [id, k.slice()]));
    clientAdvertiseKeys(createClient('c000'), request(1, keys), env(pins));
    keys.c001.fill(7);
    expect(toHex(pins.get('c001')!)).toBe(toHex(signing.c001.publicKey));
  });

  it('end to end: pins from one round make every client refuse a round whose config swaps a key', () => {
    const pins = Object.fromEntries(cohort.map((id) => [id, new KeyPins()]));
    const first = simulate({ n: 4, backend: nodeBackend, signing, pins });
    expect(first.outcome.kind).toBe('done');
    const attacker = nacl.sign.keyPair().publicKey;
    const second = simulate({ n: 4, round: 2, backend: nodeBackend, signing, pins, configKeys: (k) => ({ ...k, c003: attacker }) });
    expect(second.outcome).toMatchObject({ kind: 'failed', failure: { code: 'BELOW_THRESHOLD', stage: 'advertise-keys' } });
    for (const id of ['c000', 'c001', 'c002']) expect(second.clientErrors[id]).toMatchObject({ code: 'BAD_KEY', clientId: 'c003' });
    expect(second.clientErrors.c003).toMatchObject({ code: 'BAD_KEY', clientId: 'c003' }); // its own key was replaced
  });
});
