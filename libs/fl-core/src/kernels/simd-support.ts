/**
 * @module kernels/simd-support
 * Feature detection for WebAssembly SIMD (fixed-width 128-bit, "simd128"):
 * validates a tiny module whose only function returns a `v128.const`. True on
 * Node ≥ 16.4 and current browsers; false where WebAssembly or SIMD is missing
 * (then fl-core runs its plain-JS kernels).
 */

// (module (func (result v128) v128.const i32x4 0 0 0 0))
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: v128.const
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 16 immediate bytes
  0x0b, // end
);

let cached: boolean | undefined;

/** True when this engine can compile WebAssembly SIMD modules. Cached after the first call. */
export function wasmSimdSupported(): boolean {
  if (cached === undefined) {
    try {
      cached = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      cached = false;
    }
  }
  return cached;
}
