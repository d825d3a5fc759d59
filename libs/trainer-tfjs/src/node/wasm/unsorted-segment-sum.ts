/**
 * @module node/wasm/unsorted-segment-sum
 * `UnsortedSegmentSum` for the wasm backend, which ships without it; TF.js
 * needs it for the gradient of `gather` (embedding layers). Direct loop over
 * the wasm heap:
 *
 *   out[k, …] = Σ_{i : ids[i] = k} x[i, …]   for k in [0, numSegments)
 *
 * Rows with an id outside [0, numSegments) are dropped, as in TensorFlow.
 */
import { TrainerError } from '../../errors';
import { type Info, type KernelArgs } from './wasm-kernel-types';

export function unsortedSegmentSumWasm({ inputs, attrs, backend }: KernelArgs<{ numSegments: number }>): Info {
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw new TrainerError('INVALID_ARGUMENT', `UnsortedSegmentSum (wasm) supports float32 and int32, not ${x.dtype}`);
  const idRank = segmentIds.shape.length;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  const ov = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  ov.fill(0);
  const xv = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  for (let r = 0; r < rows; r++) {
    const k = ids[r];
    if (k < 0 || k >= numSegments) continue;
    const src = r * inner;
    const dst = k * inner;
    for (let e = 0; e < inner; e++) ov[dst + e] += xv[src + e];
  }
  return out;
}
