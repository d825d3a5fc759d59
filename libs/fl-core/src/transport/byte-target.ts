/**
 * @module transport/byte-target
 * A fixed-size destination for received bytes that may live outside the JS
 * heap (e.g. in WebAssembly memory, whose views go stale when it grows).
 * Consumers never keep the Uint8Array: they call `bytes()` each time and use
 * the view synchronously.
 */
export interface ByteTarget {
  /** Size in bytes; `bytes().byteLength` equals it. */
  readonly byteLength: number;
  /** A current writable view of the whole target. */
  bytes(): Uint8Array;
}
