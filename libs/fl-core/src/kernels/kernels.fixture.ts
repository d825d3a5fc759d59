/**
 * @module kernels/kernels.fixture
 * Test data and helpers for the kernel specs: seeded random vectors salted
 * with the awkward values (NaN, ±Inf, ±0, denormals, extreme finite values),
 * a bit-exact comparison, and a way to run a suite under both backends.
 */
import { createRng, type Rng } from '../sampling/rng';
import { setKernelBackend, type KernelBackend } from './backend';

/** Lengths around the SIMD widths (2, 4, 16) and the 32 Ki streaming block. */
export const ODD_LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 127, 1001];
export const BLOCK_LENGTHS = [32767, 32768, 32769, 70001];

const F32_SPECIAL = [0, -0, 1e-45, -1e-45, 1.1754942e-38, 3.4028234e38, -3.4028234e38, 1e-40];
const F64_SPECIAL = [0, -0, 5e-324, -5e-324, 2.2250738585072e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e-310];
export const NON_FINITE = [NaN, Infinity, -Infinity];

/** Finite values of varied magnitude, ~10% special finite values (±0, denormals, extremes). */
export function finiteF32(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() < 0.1 ? F32_SPECIAL[rng.int(F32_SPECIAL.length)] : (rng.next() - 0.5) * 2 ** (rng.int(20) - 10);
  return a;
}

export function finiteF64(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() < 0.1 ? F64_SPECIAL[rng.int(F64_SPECIAL.length)] : (rng.next() - 0.5) * 2 ** (rng.int(40) - 20);
  return a;
}

/** Copies of `a` with one non-finite value at `index`. */
export function withBad<T extends Float32Array | Float64Array>(a: T, index: number, value: number): T {
  const b = a.slice() as T;
  b[index] = value;
  return b;
}

export function rngFor(seed: number): Rng {
  return createRng(seed);
}

/** Index of the first element where a and b differ as values (Object.is: -0 ≠ 0, NaN = NaN), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

export const BACKENDS: KernelBackend[] = ['js', 'wasm'];

/** Runs `body` inside a describe block per backend, restoring 'auto' after. */
export function describeBackends(name: string, body: (backend: KernelBackend) => void): void {
  describe.each(BACKENDS)(`${name} [%s]`, (backend) => {
    beforeAll(() => setKernelBackend(backend));
    afterAll(() => setKernelBackend('auto'));
    body(backend);
  });
}
