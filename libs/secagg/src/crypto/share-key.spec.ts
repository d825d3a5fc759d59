/**
 * One share-key derivation for sealing (share-keys) and opening (masked-input):
 * symmetric in u and v, equal to the labelled KDF over the raw X25519 output,
 * and the raw output is wiped right after the KDF — in the function and in a
 * whole round (every X25519 output a client obtained is zero afterwards).
 */
import nacl from 'tweetnacl';
import { nodeBackend } from '../node/backend';
import { simulate } from '../testing/harness';
import { toHex } from '../util/bytes';
import type { CryptoBackend } from './backend';
import { shareKey } from './kdf';
import { deriveShareKey } from './share-key';

/** nodeBackend, keeping every raw X25519 output it hands out. */
function recording(): { backend: CryptoBackend; outputs: Uint8Array[] } {
  const outputs: Uint8Array[] = [];
  const backend: CryptoBackend = {
    ...nodeBackend,
    name: 'recording',
    x25519(sk, pk) {
      const raw = nodeBackend.x25519(sk, pk);
      outputs.push(raw);
      return raw;
    },
  };
  return { backend, outputs };
}

describe(deriveShareKey.name, () => {
  const u = { id: 'c001', index: 2 };
  const v = { id: 'c004', index: 5 };
  const cu = nacl.box.keyPair();
  const cv = nacl.box.keyPair();

  it('gives u and v the same key: shareKey(runId, round, lo, hi, X25519(c_u, c_v)) with lo/hi by index', () => {
    const kuv = deriveShareKey(nodeBackend, 'run', 3, u, v, cu.secretKey, cv.publicKey);
    const kvu = deriveShareKey(nodeBackend, 'run', 3, v, u, cv.secretKey, cu.publicKey);
    expect(toHex(kuv)).toBe(toHex(kvu));
    expect(toHex(kuv)).toBe(toHex(shareKey('run', 3, 'c001', 'c004', nacl.scalarMult(cu.secretKey, cv.publicKey))));
    // ordered by canonical index, not by id
    const swapped = deriveShareKey(nodeBackend, 'run', 3, { id: 'c001', index: 9 }, v, cu.secretKey, cv.publicKey);
    expect(toHex(swapped)).toBe(toHex(shareKey('run', 3, 'c004', 'c001', nacl.scalarMult(cu.secretKey, cv.publicKey))));
  });

  it('wipes the raw X25519 output after the KDF', () => {
    const { backend, outputs } = recording();
    const key = deriveShareKey(backend, 'run', 3, u, v, cu.secretKey, cv.publicKey);
    expect(outputs).toHaveLength(1);
    expect(outputs[0].every((b) => b === 0)).toBe(true);
    expect(key.some((b) => b !== 0)).toBe(true);
  });

  it('in a whole round, no client keeps a raw X25519 output (share keys and mask seeds)', () => {
    const rec = recording();
    const r = simulate({ n: 5, P: 4, backend: nodeBackend, clientBackend: () => rec.backend, dropAt: { c004: 'masked-input' } });
    expect(r.outcome.kind).toBe('done');
    // share keys once per pair and direction (5 clients × 4 holders, reused to open at masked-input),
    // mask seeds for the 4 survivors × 4 partners in U2
    expect(rec.outputs.length).toBe(5 * 4 + 4 * 4);
    expect(rec.outputs.filter((raw) => raw.some((b) => b !== 0))).toEqual([]);
  });

  it('keeps the share keys from share-keys to masked-input only: reused there, then wiped and dropped', () => {
    const rec = recording();
    const kept: Uint8Array[] = [];
    const r = simulate({
      n: 4,
      P: 4,
      backend: nodeBackend,
      clientBackend: () => rec.backend,
      tamperRequest: (_to, msg, state) => {
        // the state a client answers masked-input from, then the one after it
        if (msg.stage === 'masked-input') kept.push(...Object.values(state.shareKeys ?? {}));
        if (msg.stage === 'consistency-check') expect(state.shareKeys).toBeUndefined();
        return msg;
      },
    });
    expect(r.outcome.kind).toBe('done');
    expect(kept).toHaveLength(4 * 3);
    expect(kept.filter((k) => k.some((b) => b !== 0))).toEqual([]);
  });

  it('re-derives a share key missing from the state (a state persisted before the field existed)', () => {
    const rec = recording();
    const r = simulate({
      n: 4,
      P: 4,
      backend: nodeBackend,
      clientBackend: () => rec.backend,
      tamperRequest: (_to, msg, state) => {
        if (msg.stage === 'masked-input') delete state.shareKeys;
        return msg;
      },
    });
    expect(r.outcome.kind).toBe('done');
    expect(rec.outputs.length).toBe(4 * 3 * 2 + 4 * 3); // share keys derived twice, as before
  });
});
