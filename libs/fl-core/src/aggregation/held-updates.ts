/**
 * @module aggregation/held-updates
 * A plain FedAvg round's updates x_k, held until the round's bound is known:
 * the default `median` update bound clips each update Δ_k = x_k − x_t at a
 * multiple of the *same* round's median L2 norm (bounds/update-bound; clipping
 * as in DP-FedAvg, McMahan et al., ICLR 2018; the weighted sum of FedAvg,
 * McMahan et al., AISTATS 2017), so no update can be folded into the sum
 * before the last one is in.
 *
 * Each update is copied once, as it arrives, into a pooled kernel instance's
 * memory (kernels/kernel-pool: from the second round on its pages are already
 * touched, so the copy faults nothing in), and its norm ‖Δ_k‖ is measured
 * there by one SIMD pass (`sum_sq_delta_f32`, which also refuses NaN/±Inf).
 * When training closes, `sum` applies the factors the bound gave (clip factor
 * c ∈ (0, 1], or null to drop) and adds Σ w_k·c_k·Δ_k in place, four updates
 * per pass (`clip_accumulate4_unchecked`), awaiting `turn()` between passes so
 * the event loop is never held for more than one pass.
 *
 * The arithmetic is that of `UpdateStore` (Δ_k kept as Float32, scaled there
 * by c_k, summed in Float64 in client-id order), so the sum is the same bit
 * for bit; only the norm is summed in four lanes instead of one (a difference
 * in the last bit of a Float64 norm at most). Without WebAssembly SIMD the
 * same steps run in plain JS (kernels/js-kernels), with the same bits.
 * Memory is the cohort × model size × 4 bytes, bounded by `capacityBytes`
 * (OVERSIZED beyond it) like `UpdateStore`.
 */
import type { TensorSpec } from '@fl/protocol';
import { AggregationError } from '../errors/aggregation-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { WeightsError } from '../errors/weights-error';
import { kernelBackend, type KernelBackend } from '../kernels/backend';
import { clipAccumulateJs, sumSqDeltaJs } from '../kernels/js-kernels';
import { acquireKernels, recycleKernels } from '../kernels/kernel-pool';
import type { WasmKernels } from '../kernels/wasm-kernels';
import { decodeWeights } from '../weights/decode';
import type { AggregateInput } from './aggregate-input';
import { DEFAULT_UPDATE_STORE_BYTES } from './update-store';

interface Held {
  /** wasm: byte offset of x_k in the kernel memory; js: unused. */
  ptr: number;
  /** js: the copy of x_k; wasm: null. */
  x: Float32Array | null;
  weight: number;
  norm: number;
}

export class HeldUpdates {
  /** The kernels this store runs on, fixed at construction. */
  readonly backend: KernelBackend;
  private readonly n: number;
  private readonly global: Float32Array;
  private readonly wk: WasmKernels | null;
  private readonly g: number = 0;
  private readonly s: number = 0;
  private readonly byClient = new Map<string, Held>();
  private state: 'open' | 'summing' | 'summed' | 'disposed' = 'open';

  /** @param global the round's x_t (copied in with wasm, read live in JS: it must not change during the round). */
  constructor(
    global: Float32Array,
    readonly capacityBytes = DEFAULT_UPDATE_STORE_BYTES,
  ) {
    this.n = global.length;
    this.global = global;
    this.backend = kernelBackend();
    if (this.backend === 'wasm') {
      const wk = (this.wk = acquireKernels());
      wk.reserve(12 * this.n + 128);
      this.g = wk.alloc(4 * this.n);
      this.s = wk.alloc(8 * this.n);
      wk.f32(this.g, this.n).set(global);
    } else {
      this.wk = null;
    }
  }

  /** Number of updates held. */
  get count(): number {
    return this.byClient.size;
  }

  /** How many updates of this model fit. */
  get capacity(): number {
    return Math.floor(this.capacityBytes / Math.max(4, 4 * this.n));
  }

  /**
   * Decodes x_k (layout checked against `expected`), checks Δ_k = x_k − x_t
   * is finite, holds a copy of x_k and returns ‖Δ_k‖. Nothing is held on a refusal.
   * @throws WeightsError (decode, WRONG_SHAPE, NON_FINITE, OVERSIZED, BAD_PAYLOAD for a second update of a client),
   *   AggregationError BAD_WEIGHT, InvalidArgumentError once `sum` has begun.
   */
  addSerialized(clientId: string, bytes: Uint8Array, weight: number, expected?: TensorSpec[]): number {
    if (this.state !== 'open') throw new InvalidArgumentError('HeldUpdates.addSerialized', [`the round's updates are ${this.state}`]);
    if (!(weight > 0) || !Number.isFinite(weight)) throw new AggregationError('BAD_WEIGHT', `aggregation weight must be a finite number > 0 (got ${weight})`);
    if (this.byClient.has(clientId)) throw new WeightsError('BAD_PAYLOAD', `client ${clientId} already sent an update this round`);
    if (this.byClient.size + 1 > this.capacity)
      throw new WeightsError('OVERSIZED', `the round keeps at most ${this.capacity} individual updates of this model (${this.capacityBytes} bytes)`);
    const x = decodeWeights(bytes, expected).data;
    const n = this.n;
    if (x.length !== n) throw new WeightsError('WRONG_SHAPE', `update has ${x.length} parameters, the model ${n}`);
    let held: Held;
    let ss: number;
    if (this.wk) {
      const wk = this.wk;
      const ptr = wk.alloc(4 * n);
      wk.u8(ptr, 4 * n).set(new Uint8Array(x.buffer, x.byteOffset, 4 * n));
      ss = wk.k.sum_sq_delta_f32(ptr, this.g, n);
      if (!Number.isFinite(ss)) {
        const bad = firstNonFiniteDelta(wk.f32(ptr, n), wk.f32(this.g, n));
        wk.release(ptr);
        throw nonFinite(bad);
      }
      held = { ptr, x: null, weight, norm: Math.sqrt(ss) };
    } else {
      ss = sumSqDeltaJs(x, this.global);
      if (!Number.isFinite(ss)) throw nonFinite(firstNonFiniteDelta(x, this.global));
      held = { ptr: 0, x: x.slice(), weight, norm: Math.sqrt(ss) };
    }
    this.byClient.set(clientId, held);
    return held.norm;
  }

  /** ‖Δ_k‖ (Float64) of each held update, ordered by client id. */
  norms(): Array<{ clientId: string; norm: number }> {
    return this.ids().map((clientId) => ({ clientId, norm: this.byClient.get(clientId)!.norm }));
  }

  /**
   * The FedAvg input once every update is in: `factors` maps a client id to
   * its clip factor in (0, 1] or null to drop its update (its weight leaves
   * the total); ids not in the map count in full. Σ_k w_k·c_k·Δ_k in Float64,
   * in client-id order, `turn()` awaited between passes of four updates.
   * With wasm, `deltaSum` is a view into this store's memory, valid until
   * `dispose()`. Once only; nothing can be added after.
   * @throws InvalidArgumentError for a factor outside (0, 1], a second call, or a dispose while summing
   */
  async sum(factors: ReadonlyMap<string, number | null>, turn?: () => Promise<void>): Promise<AggregateInput> {
    if (this.state !== 'open') throw new InvalidArgumentError('HeldUpdates.sum', [`the round's updates are ${this.state}`]);
    // Every factor is checked before any update is forgotten: a refusal leaves the store as it was.
    for (const c of factors.values()) if (c !== null && !(c > 0 && c <= 1)) throw new InvalidArgumentError('HeldUpdates.sum', [`factor must be in (0, 1] or null (got ${c})`]);
    for (const [id, c] of factors) if (c === null && this.byClient.has(id)) this.forget(id);
    this.state = 'summing';
    const ids = this.ids();
    const parts = ids.map((id) => ({ held: this.byClient.get(id)!, c: factors.get(id) ?? 1 }));
    const weightSum = parts.reduce((t, p) => t + p.held.weight, 0);
    const n = this.n;
    let deltaSum: Float64Array;
    if (this.wk) {
      const k = this.wk.k;
      this.wk.f64(this.s, n).fill(0); // a pooled instance holds old data
      let i = 0;
      for (; i < parts.length; i += 4) {
        if (i > 0 && turn) await this.turnOf(turn);
        if (i + 4 <= parts.length) {
          const [a, b, c, d] = parts.slice(i, i + 4);
          k.clip_accumulate4_unchecked(this.s, a.held.ptr, b.held.ptr, c.held.ptr, d.held.ptr, this.g, n, a.held.weight, b.held.weight, c.held.weight, d.held.weight, a.c, b.c, c.c, d.c);
        } else for (const p of parts.slice(i)) k.clip_accumulate_unchecked(this.s, p.held.ptr, this.g, n, p.held.weight, p.c);
      }
      deltaSum = this.wk.f64(this.s, n);
    } else {
      deltaSum = new Float64Array(n);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0 && i % 4 === 0 && turn) await this.turnOf(turn);
        clipAccumulateJs(deltaSum, parts[i].held.x!, this.global, parts[i].held.weight, parts[i].c);
      }
    }
    this.state = 'summed';
    return { deltaSum, weightSum, count: parts.length };
  }

  /** Frees the held updates; with wasm the memory goes back to the pool (detaching `deltaSum`). Idempotent. */
  dispose(): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    this.byClient.clear();
    if (this.wk) recycleKernels(this.wk);
  }

  private async turnOf(turn: () => Promise<void>): Promise<void> {
    await turn();
    if (this.state === 'disposed') throw new InvalidArgumentError('HeldUpdates.sum', ['the store was disposed while summing']);
  }

  private forget(id: string): void {
    const h = this.byClient.get(id)!;
    this.byClient.delete(id);
    if (this.wk) this.wk.release(h.ptr);
  }

  private ids(): string[] {
    return [...this.byClient.keys()].sort();
  }
}

/** Index of the first i with f32(x[i] − g[i]) not finite (NaN/Inf in x, or overflow), or -1. */
function firstNonFiniteDelta(x: Float32Array, g: Float32Array): number {
  for (let i = 0; i < x.length; i++) {
    const d = Math.fround(x[i] - g[i]);
    if (d - d !== 0) return i;
  }
  return -1;
}

function nonFinite(index: number): WeightsError {
  return new WeightsError('NON_FINITE', `update holds NaN/Inf at index ${index}`);
}
