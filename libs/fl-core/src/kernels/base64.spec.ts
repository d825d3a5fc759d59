import { decodeBase64 } from './base64';
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

describe(decodeBase64.name, () => {
  it('decodes the RFC 4648 §10 test vectors, padded and unpadded', () => {
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(text(decodeBase64(''))).toBe('');
    expect(text(decodeBase64('Zg=='))).toBe('f');
    expect(text(decodeBase64('Zm8='))).toBe('fo');
    expect(text(decodeBase64('Zm9v'))).toBe('foo');
    expect(text(decodeBase64('Zm9vYg'))).toBe('foob');
    expect(text(decodeBase64('Zm9vYmE='))).toBe('fooba');
    expect(text(decodeBase64('Zm9vYmFy'))).toBe('foobar');
    expect(Array.from(decodeBase64('//79'))).toEqual([0xff, 0xfe, 0xfd]);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => decodeBase64('Zm9v!')).toThrow(/invalid base64/);
  });

  it('yields the embedded kernels as a valid WebAssembly binary', () => {
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(WebAssembly.validate(bytes)).toBe(true);
  });
});
