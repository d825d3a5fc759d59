import { platformByteSource } from './platform-random';

const errors = { missing: () => new Error('no CSPRNG'), badLength: (n: number) => new RangeError(`bad length ${n}`) };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe(platformByteSource.name, () => {
  it('gives fresh bytes, also beyond one getRandomValues call, and fill overwrites the whole array', () => {
    // Prepare
    const random = platformByteSource(errors);
    const into = new Uint8Array(70_000);
    // Execute
    const a = random(70_000);
    random.fill(into);
    // Assert: 64 zero bytes in a row at the end would mean the tail was never drawn.
    expect(a).toHaveLength(70_000);
    expect(hex(a.subarray(69_936))).not.toBe('00'.repeat(64));
    expect(hex(into.subarray(69_936))).not.toBe('00'.repeat(64));
    expect(hex(random(32))).not.toBe(hex(random(32)));
  });

  it("throws the caller's error without a CSPRNG or for a bad length, never falling back", () => {
    const random = platformByteSource(errors);
    expect(() => random(-1)).toThrow('bad length -1');
    expect(() => random(1.5)).toThrow('bad length 1.5');
    const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(() => random(8)).toThrow('no CSPRNG');
      expect(() => random.fill(new Uint8Array(8))).toThrow('no CSPRNG');
    } finally {
      Object.defineProperty(globalThis, 'crypto', crypto);
    }
    expect(random(8)).toHaveLength(8);
  });
});
