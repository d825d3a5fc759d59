import { SecAggErrorCode } from './errors';
import { packMessage, unpackMessage, wordsOf } from './wire';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('wire', () => {
  it('round-trips a stage message with many binary fields into one byte array', () => {
    const keys = Array.from({ length: 50 }, (_, i) => ({ id: `c${i}`, cTo: ['c1', 'c2'], cPks: new Uint8Array(64).fill(i), sPk: new Uint8Array(32).fill(i + 1), signature: new Uint8Array(64).fill(i + 2) }));
    const msg = { runId: 'job.r1.a1', round: 1, stage: 'share-keys', keys, words: Uint32Array.of(1, 0xffffffff), none: null, skip: undefined };
    const packed = packMessage(msg);
    expect(packed).toBeInstanceOf(Uint8Array);
    const back = unpackMessage(packed) as typeof msg;
    expect(back.runId).toBe('job.r1.a1');
    expect(back.keys).toHaveLength(50);
    expect(Array.from(back.keys[7].signature)).toEqual(Array.from(keys[7].signature));
    expect(back.keys[49].cPks).toBeInstanceOf(Uint8Array);
    expect(back.keys[49].cTo).toEqual(['c1', 'c2']);
    expect(Array.from(back.words)).toEqual([1, 0xffffffff]);
    expect(back.words.buffer).toBe(packed.buffer); // aligned: a view, not a copy
    expect(back.none).toBeNull();
    expect('skip' in back).toBe(false);
  });

  it('refuses malformed input with BAD_PAYLOAD', () => {
    const good = packMessage({ a: new Uint8Array(4) });
    expect(code(() => unpackMessage(new Uint8Array(3)))).toBe(SecAggErrorCode.BadPayload);
    expect(code(() => unpackMessage(Uint8Array.from([...good.subarray(0, 3), 0, ...good.subarray(4)])))).toBe(SecAggErrorCode.BadPayload);
    expect(code(() => unpackMessage(good.subarray(0, good.byteLength - 1)))).toBe(SecAggErrorCode.BadPayload); // blob out of range
    const evil = new TextEncoder().encode('{"__proto__":{"polluted":true}}');
    const framed = new Uint8Array(8 + evil.byteLength);
    framed.set([0x53, 0x41, 0x57, 0x31]);
    new DataView(framed.buffer).setUint32(4, evil.byteLength, true);
    framed.set(evil, 8);
    expect(code(() => unpackMessage(framed))).toBe(SecAggErrorCode.BadPayload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(code(() => packMessage({ f: new Float32Array(2) }))).toBe(SecAggErrorCode.BadPayload);
  });

  it('turns aligned and unaligned bytes back into words, and refuses partial words', () => {
    const words = Uint32Array.of(7, 0xdeadbeef);
    const bytes = new Uint8Array(words.buffer);
    expect(Array.from(wordsOf(bytes)!)).toEqual([7, 0xdeadbeef]);
    const shifted = new Uint8Array(9);
    shifted.set(bytes, 1);
    expect(Array.from(wordsOf(shifted.subarray(1))!)).toEqual([7, 0xdeadbeef]);
    expect(wordsOf(new Uint8Array(7))).toBeNull();
  });
});
