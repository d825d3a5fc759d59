/**
 * @module kernels/wasm-kernels
 * One kernel instance with its own growable `WebAssembly.Memory`, a small
 * allocator over that memory, and typed-array views into it.
 *
 * Memory model and the view rule: regions are addressed by byte offset
 * (`ptr`), never by a stored view. `memory.grow` (done only by `alloc` /
 * `reserve`) detaches the old ArrayBuffer, and every typed array over it then
 * has length 0. So `f32`/`f64`/`u8` build a fresh view over the *current*
 * buffer on each call: take a view, use it synchronously, and take a new one
 * after anything that may allocate. Nothing here stores a view.
 *
 * Allocation: 64-byte aligned (cache line; Float64Array-safe), a bump pointer
 * plus exact-size free lists. The workloads are few large blocks of a handful
 * of sizes (one model's vectors and upload buffers), so exact-size reuse is
 * all the reuse needed; memory never shrinks (WebAssembly cannot), so the
 * high-water mark lasts until the instance is garbage-collected.
 *
 * `WasmKernels.ownerOf(view)` finds the instance whose memory backs a view, so
 * kernels can run in place on data already in wasm memory (zero copy).
 *
 * `reset()` forgets every allocation so a pooled instance can serve a new
 * owner (kernels/kernel-pool) without faulting in fresh pages; it also grows
 * the memory by one page, which detaches every view handed out before, so an
 * old owner's leftover views read as empty instead of someone else's data.
 */
import { instantiateKernels, type KernelExports } from './kernel-module';

const PAGE = 65536;
const ALIGN = 64;
/** Offset 0 stays unused so a ptr is never 0. */
const HEAP_BASE = ALIGN;
/** wasm32 addresses are 32-bit; V8 caps a memory at 4 GiB. Stay well below. */
const MAX_BYTES = 2 ** 31;

const owners = new WeakMap<ArrayBuffer, WasmKernels>();

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

export class WasmKernels {
  readonly k: KernelExports;
  /** Incremented by `reset()`: lets handles detect that their region belongs to a new owner. */
  generation = 0;
  private top = HEAP_BASE;
  private readonly live = new Map<number, number>(); // ptr → size
  private readonly freeBySize = new Map<number, number[]>(); // size → free ptrs

  constructor() {
    this.k = instantiateKernels();
    owners.set(this.k.memory.buffer, this);
  }

  /** The instance whose memory holds `view`'s bytes, if any. */
  static ownerOf(view: ArrayBufferView): WasmKernels | undefined {
    return owners.get(view.buffer as ArrayBuffer);
  }

  /** Current size of the memory in bytes. */
  get byteLength(): number {
    return this.k.memory.buffer.byteLength;
  }

  /** Bytes handed out and not released. */
  get liveBytes(): number {
    let sum = 0;
    for (const size of this.live.values()) sum += size;
    return sum;
  }

  /** Grows the memory (if needed) so that `bytes` more can be bump-allocated without another grow. */
  reserve(bytes: number): void {
    this.ensure(this.top + alignUp(bytes));
  }

  /**
   * A 64-byte aligned region of at least `bytes` (contents unspecified: a
   * reused region keeps old data). May grow the memory: re-take views after.
   * @throws RangeError beyond 2 GiB.
   */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`alloc: bad size ${bytes}`);
    const size = alignUp(Math.max(bytes, 1));
    const reuse = this.freeBySize.get(size);
    if (reuse && reuse.length > 0) {
      const ptr = reuse.pop()!;
      this.live.set(ptr, size);
      return ptr;
    }
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    this.live.set(ptr, size);
    return ptr;
  }

  /** Returns a region from `alloc` for reuse. @throws RangeError for an unknown or already released ptr. */
  release(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new RangeError(`release: ${ptr} is not a live allocation`);
    this.live.delete(ptr);
    if (ptr + size === this.top) {
      this.top = ptr; // topmost block: give it back to the bump pointer
      return;
    }
    let list = this.freeBySize.get(size);
    if (!list) this.freeBySize.set(size, (list = []));
    list.push(ptr);
  }

  /** Forgets all allocations and detaches all existing views (see module doc). */
  reset(): void {
    this.live.clear();
    this.freeBySize.clear();
    this.top = HEAP_BASE;
    this.generation++;
    this.k.memory.grow(1);
    owners.set(this.k.memory.buffer, this);
  }

  /** A fresh Float32Array view of `n` floats at `ptr` (valid until the next grow). */
  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, n);
  }

  /** A fresh Float64Array view of `n` doubles at `ptr` (valid until the next grow). */
  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, n);
  }

  /** A fresh Uint8Array view of `length` bytes at `ptr` (valid until the next grow). */
  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.k.memory.buffer, ptr, length);
  }

  /** Byte offset of `view` in this memory, or -1 when the view lives elsewhere (or is detached). */
  offsetOf(view: ArrayBufferView): number {
    return view.buffer === this.k.memory.buffer ? view.byteOffset : -1;
  }

  private ensure(end: number): void {
    if (end > MAX_BYTES) throw new RangeError(`wasm kernel memory would exceed ${MAX_BYTES} bytes`);
    const have = this.k.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow by at least 1/8 of the current size to keep the number of grows small.
    const want = Math.min(MAX_BYTES, Math.max(end, have + Math.floor(have / 8)));
    this.k.memory.grow(Math.ceil((want - have) / PAGE));
    owners.set(this.k.memory.buffer, this);
  }
}
