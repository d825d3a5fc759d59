/**
 * @module node/wasm/max-pool-grad
 * A faster `MaxPoolGrad` for the wasm backend (the shipped kernel takes
 * ~14 ms for the built-in CNN's first pooling layer at batch 32, more than
 * the forward conv). Direct loop over the wasm heap with TF semantics: each
 * output's gradient goes to the FIRST maximum of its window in row-major
 * order (as the cpu backend), and overlapping windows accumulate. Padding
 * positions never receive gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { type Info, type KernelArgs, outputWithViews } from './wasm-kernel-types';

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function maxPoolGradWasm({ inputs, attrs, backend }: KernelArgs<Attrs>): Info {
  const { dy, input } = inputs;
  const g = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw, padInfo } = g;
  const { out, outView: dx, views } = outputWithViews(backend, input.shape, [dy, input]);
  const [dyv, xv] = views;
  for (let b = 0; b < batchSize; b++) {
    for (let p = 0; p < OH; p++) {
      const r0 = Math.max(0, p * sh - padInfo.top);
      const r1 = Math.min(H, p * sh - padInfo.top + fh);
      for (let q = 0; q < OW; q++) {
        const c0 = Math.max(0, q * sw - padInfo.left);
        const c1 = Math.min(W, q * sw - padInfo.left + fw);
        const dyBase = ((b * OH + p) * OW + q) * C;
        for (let k = 0; k < C; k++) {
          let best = -Infinity;
          let at = -1;
          for (let r = r0; r < r1; r++) {
            for (let c = c0, i = ((b * H + r) * W + c0) * C + k; c < c1; c++, i += C) {
              const v = xv[i];
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dyv[dyBase + k];
        }
      }
    }
  }
  return out;
}
