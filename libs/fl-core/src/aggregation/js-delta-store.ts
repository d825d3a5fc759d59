/**
 * @module aggregation/js-delta-store
 * The plain-JS storage behind `WeightedDeltaSum` (no WebAssembly SIMD): the
 * Float64 sum on the JS heap, a scan then one loop per update, and upload
 * buffers recycled by size so an upload does not fault in fresh pages.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { accumulateJs, firstNonFiniteJs } from '../kernels/js-kernels';
import type { DeltaStore } from './delta-store';
import { nonFiniteUpdate } from './delta-store';
import type { UpdateBuffer } from './update-buffer';

class HeapUpdateBuffer implements UpdateBuffer {
  released = false;

  constructor(
    private readonly data: Uint8Array,
    private readonly recycle: (data: Uint8Array) => void,
  ) {}

  get byteLength(): number {
    return this.data.byteLength;
  }

  bytes(): Uint8Array {
    if (this.released) throw new InvalidArgumentError('UpdateBuffer', ['buffer was released']);
    return this.data;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.recycle(this.data);
  }
}

export class JsDeltaStore implements DeltaStore {
  private readonly s: Float64Array;
  private readonly spare: Uint8Array[] = [];
  private disposed = false;

  constructor(private readonly global: Float32Array) {
    this.s = new Float64Array(global.length);
  }

  add(x: Float32Array, w: number): void {
    this.checkLive();
    const bad = firstNonFiniteJs(x);
    if (bad >= 0) throw nonFiniteUpdate(x[bad], bad);
    accumulateJs(this.s, x, this.global, w);
  }

  sum(): Float64Array {
    this.checkLive();
    return this.s;
  }

  updateBuffer(byteLength: number): UpdateBuffer {
    this.checkLive();
    const i = this.spare.findIndex((b) => b.byteLength === byteLength);
    const data = i >= 0 ? this.spare.splice(i, 1)[0] : new Uint8Array(byteLength);
    return new HeapUpdateBuffer(data, (d) => {
      if (this.spare.length < 8 && !this.disposed) this.spare.push(d);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.spare.length = 0;
  }

  private checkLive(): void {
    if (this.disposed) throw new InvalidArgumentError('WeightedDeltaSum', ['the sum was disposed']);
  }
}
