/**
 * @module node/wasm/depthwise-backprop
 * `DepthwiseConv2dNativeBackpropFilter` and `…BackpropInput` for the wasm
 * backend, which ships without them (so depthwise / separable conv layers
 * cannot train on wasm). They have no composition over shipped kernels that
 * keeps the per-channel structure, so they are direct loops over the wasm
 * heap (zero copies), from the definition of the forward op
 *
 *   y[b,p,q,c·M+m] = Σ_{i,j} x[b, p·s_h + i·d_h − pad_t, q·s_w + j·d_w − pad_l, c] · W[i,j,c,m]
 *
 * differentiated with respect to W and x. These layers are rare in
 * federated edge models; the loops are O(B·OH·OW·KH·KW·C·M), like the op.
 */
import * as tf from '@tensorflow/tfjs';
import { type Info, type KernelArgs, outputWithViews } from './wasm-kernel-types';

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Shape4 = [number, number, number, number];

function geometry(xShape: Shape4, filterShape: Shape4, a: Attrs) {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
  return { ...info, mult: filterShape[3] };
}

/**
 * Visits every (output position, tap) pair that reads an in-bounds input
 * pixel: `visit(xBase, dyBase, wBase)` with the offsets of x[b,ih,iw,0],
 * dy[b,oh,ow,0] and W[i,j,0,0].
 */
function forEachTap(g: ReturnType<typeof geometry>, visit: (xBase: number, dyBase: number, wBase: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, filterHeight, filterWidth, mult } = g;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, padInfo } = g;
  const OC = C * mult;
  for (let b = 0; b < batchSize; b++) {
    for (let p = 0; p < outHeight; p++) {
      for (let q = 0; q < outWidth; q++) {
        const dyBase = ((b * outHeight + p) * outWidth + q) * OC;
        for (let i = 0; i < filterHeight; i++) {
          const ih = p * sh + i * dh - padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let j = 0; j < filterWidth; j++) {
            const iw = q * sw + j * dw - padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            visit(((b * inHeight + ih) * inWidth + iw) * C, dyBase, (i * filterWidth + j) * OC);
          }
        }
      }
    }
  }
}

export function depthwiseBackpropFilterWasm({ inputs, attrs, backend }: KernelArgs<Attrs & { filterShape: Shape4 }>): Info {
  const { x, dy } = inputs;
  const g = geometry(x.shape as Shape4, attrs.filterShape, attrs);
  const { out, outView: dW, views } = outputWithViews(backend, attrs.filterShape, [x, dy]);
  const [xv, dyv] = views;
  const C = g.inChannels;
  const M = g.mult;
  forEachTap(g, (xBase, dyBase, wBase) => {
    for (let c = 0; c < C; c++) {
      const xc = xv[xBase + c];
      for (let m = 0; m < M; m++) dW[wBase + c * M + m] += xc * dyv[dyBase + c * M + m];
    }
  });
  return out;
}

export function depthwiseBackpropInputWasm({ inputs, attrs, backend }: KernelArgs<Attrs & { inputShape: Shape4 }>): Info {
  const { dy, filter } = inputs;
  const g = geometry(attrs.inputShape, filter.shape as Shape4, attrs);
  const { out, outView: dx, views } = outputWithViews(backend, attrs.inputShape, [dy, filter]);
  const [dyv, wv] = views;
  const C = g.inChannels;
  const M = g.mult;
  forEachTap(g, (xBase, dyBase, wBase) => {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let m = 0; m < M; m++) s += dyv[dyBase + c * M + m] * wv[wBase + c * M + m];
      dx[xBase + c] += s;
    }
  });
  return out;
}
