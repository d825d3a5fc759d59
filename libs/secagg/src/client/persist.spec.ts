/**
 * Client state persistence: a JSON round trip keeps every binary field
 * (Uint8Array and Uint32Array) and the revealed record byte for byte.
 */
import { nodeBackend } from '../node/backend';
import { simulate } from '../testing/harness';
import { fromBase64, toBase64 } from '../util/base64';
import { decodeWords, encodeWords } from '../util/bytes';
import { deserializeClientState, serializeClientState } from './persist';
import type { ClientState } from './state';

describe(serializeClientState.name, () => {
  it('round-trips client states exactly, mid-round (masked vector held) and finished', () => {
    const mid: ClientState[] = [];
    const r = simulate({
      n: 3,
      threatModel: 'semi-honest',
      backend: nodeBackend,
      P: 5,
      tamperRequest: (_to, m, state) => (m.stage === 'unmask' && mid.push(state), m),
    });
    expect(mid[0].last?.output).toMatchObject({ stage: 'masked-input', masked: expect.any(Uint32Array) });
    for (const state of [...mid, ...Object.values(r.clients)]) {
      const back = deserializeClientState(serializeClientState(state));
      expect(back).toEqual(state);
      expect(Object.prototype.toString.call(back.config!.graphSeed)).toBe('[object Uint8Array]');
    }
  });

  it('refuses text that is not a client state', () => {
    expect(() => deserializeClientState('{"kind":"other"}')).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(() => deserializeClientState('not json')).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });

  it('encodes word vectors as little-endian bytes and back (misaligned input copied)', () => {
    const w = Uint32Array.from([1, 0xdeadbeef, 0xffffffff]);
    const b = encodeWords(w);
    expect(Array.from(b.subarray(0, 8))).toEqual([1, 0, 0, 0, 0xef, 0xbe, 0xad, 0xde]);
    const shifted = new Uint8Array(13);
    shifted.set(b, 1);
    expect(Array.from(decodeWords(shifted.subarray(1)))).toEqual(Array.from(w));
    expect(() => decodeWords(new Uint8Array(5))).toThrow(RangeError);
  });

  it('base64 matches Buffer for every length mod 3', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(fromBase64(toBase64(b)))).toEqual(Array.from(b));
    }
  });
});
