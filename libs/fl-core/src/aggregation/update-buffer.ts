/**
 * @module aggregation/update-buffer
 * A reusable receive buffer for one client upload, handed out by
 * `WeightedDeltaSum.updateBuffer`. With the wasm backend it is a region of the
 * sum's WebAssembly memory: pass it to `ChunkAssembler` as its target, decode
 * with `deserializeWeights(assembler.bytes())` and `add` the result — the
 * NaN/Inf scan and the accumulation then read the upload in place, with no
 * copy and no fresh 4-bytes-per-parameter allocation per upload (fresh pages
 * cost more than the arithmetic). Then `release()` it.
 *
 * Rules: call `bytes()` each time and use the view synchronously (a grow of
 * the memory detaches old views); never write through an old view after
 * `release()`. A buffer whose data was `add`ed is pinned until the sum has
 * folded it in: `bytes()` then throws, and `release()` frees it only after.
 */
import type { ByteTarget } from '../transport/byte-target';

export interface UpdateBuffer extends ByteTarget {
  /** True once `release()` was called. */
  readonly released: boolean;
  /** Gives the region back to the sum for the next upload (idempotent). */
  release(): void;
}
