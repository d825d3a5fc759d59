/**
 * @module node/wasm/conv2d-backprop-filter
 * `Conv2DBackpropFilter` for the wasm backend, which ships without it (so
 * TF.js cannot train any conv layer on wasm). Composed from the wasm kernels
 * it has, so the work runs in XNNPACK:
 *
 *   dW[i,j,c,o] = Σ_{b,p,q} x[b, p·s_h + i − pad_t, q·s_w + j − pad_l, c] · dy[b,p,q,o]
 *
 * is a convolution of x with dy as the filter once batch and channels trade
 * places: input xᵀ = transpose(x, [3,1,2,0]) `[C, H, W, B]`, filter
 * dyᵀ = transpose(dy, [1,2,0,3]) `[OH, OW, B, O]`, stride 1, dilation = the
 * forward stride, explicit padding (pad_t, pad_l and whatever makes the output
 * exactly KH × KW; rows and columns the forward pass never read are sliced
 * off). The result `[C, KH, KW, O]` is transposed to `[KH, KW, C, O]`.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainerError } from '../../errors';
import { type Info, type KernelArgs, release, wasmKernel } from './wasm-kernel-types';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2DBackpropFilterWasm({ inputs, attrs, backend }: KernelArgs<Attrs>): Info {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat === 'NCHW') throw new TrainerError('INVALID_ARGUMENT', "Conv2DBackpropFilter (wasm) supports only dataFormat 'NHWC'");
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { padInfo, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, inHeight, inWidth } = info;
  // Padding after the data so that the output is exactly kh × kw.
  let padBottom = kh + (oh - 1) * sh - inHeight - padInfo.top;
  let padRight = kw + (ow - 1) * sw - inWidth - padInfo.left;
  let xIn = x;
  let sliced: Info | null = null;
  if (padBottom < 0 || padRight < 0) {
    const size = [x.shape[0], inHeight + Math.min(padBottom, 0), inWidth + Math.min(padRight, 0), x.shape[3]];
    sliced = wasmKernel('Slice', backend, { x }, { begin: [0, 0, 0, 0], size });
    xIn = sliced;
    padBottom = Math.max(padBottom, 0);
    padRight = Math.max(padRight, 0);
  }
  const xT = wasmKernel('Transpose', backend, { x: xIn }, { perm: [3, 1, 2, 0] });
  const dyT = wasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = wasmKernel('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [padInfo.top, padBottom], [padInfo.left, padRight], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [sh, sw],
  });
  const out = wasmKernel('Transpose', backend, { x: conv }, { perm: [1, 2, 0, 3] });
  release(backend, sliced, xT, dyT, conv);
  return out;
}
