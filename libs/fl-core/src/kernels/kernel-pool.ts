/**
 * @module kernels/kernel-pool
 * Idle kernel instances kept for reuse. A new instance means new wasm memory,
 * and the first touch of fresh memory can cost more than the arithmetic
 * (page faults: ~5 ms to first fill a fresh 4 MiB buffer on the dev VM, vs
 * ~0.5 ms to refill a touched one; a 1M-parameter round touches ~30 MiB). `WeightedDeltaSum.dispose()` hands its instance back here,
 * reset (all regions free, all old views detached), so the next round's sum
 * reuses the pages. At most `MAX_IDLE` instances wait; WebAssembly memory
 * never shrinks, so each keeps its high-water mark until `trimKernelPool()`.
 */
import { WasmKernels } from './wasm-kernels';

const MAX_IDLE = 2;
/** Instances grown past this are dropped rather than pooled. */
const MAX_POOLED_BYTES = 1 << 30;

const idle: WasmKernels[] = [];

/** An idle instance (the largest, to avoid a grow) or a new one. */
export function acquireKernels(): WasmKernels {
  if (idle.length === 0) return new WasmKernels();
  idle.sort((a, b) => a.byteLength - b.byteLength);
  return idle.pop()!;
}

/** Resets `wk` and keeps it for reuse (or lets it go when the pool is full). Never use `wk` after. */
export function recycleKernels(wk: WasmKernels): void {
  wk.reset();
  if (idle.length < MAX_IDLE && wk.byteLength <= MAX_POOLED_BYTES) idle.push(wk);
}

/** Drops every idle instance (their memory goes with the next GC). Returns how many were dropped. */
export function trimKernelPool(): number {
  return idle.splice(0).length;
}
