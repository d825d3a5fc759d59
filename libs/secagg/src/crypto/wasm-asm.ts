/**
 * @module crypto/wasm-asm
 * The few WebAssembly binary-format encoders the hand-assembled kernels
 * (crypto/wasm-add, crypto/wasm-quantize) share: LEB128 integers, vectors,
 * sections and names (WebAssembly Core Specification §5.1–5.5).
 */

/** Unsigned LEB128. */
export function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, for `i32.const` immediates (64 would read as −64 unsigned-encoded). */
export function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

export const vec = (items: number[][]): number[] => [...leb128(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...leb128(body.length), ...body];
export const name = (s: string): number[] => [...leb128(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
