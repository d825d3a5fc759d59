/**
 * @module node/wasm/conv2d-backprop-input
 * A faster `Conv2DBackpropInput` for the wasm backend. The shipped kernel is
 * a plain loop, about 4× slower than the XNNPACK forward Conv2D on the
 * built-in CNN's shapes. The input gradient of a convolution is itself a
 * convolution ("full" correlation with the flipped filter):
 *
 *   dx = conv2d(dilate(dy, s), reverse(W, [0,1]) with in/out swapped,
 *               stride 1, pad (KH−1−pad_t, …))
 *
 * where dilate inserts s−1 zeros between rows/columns (Reshape + PadV2 +
 * Reshape). Cases it does not cover (NCHW, a padding larger than the filter)
 * go to the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { type Info, type KernelArgs, release, wasmKernel } from './wasm-kernel-types';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Builds the composed kernel; `fallback` is the shipped one. */
export function makeConv2DBackpropInputWasm(fallback: tf.KernelFunc) {
  return function conv2DBackpropInputWasm(args: KernelArgs<Attrs>): Info {
    const { inputs, attrs, backend } = args;
    const { dy, filter } = inputs;
    if (attrs.dataFormat === 'NCHW') return fallback(args as never) as Info;
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { padInfo, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, inHeight, inWidth } = info;
    const padTop = kh - 1 - padInfo.top;
    const padLeft = kw - 1 - padInfo.left;
    // Rows / columns of dy after dilation by the stride (incl. s−1 trailing zeros).
    const rows = oh * sh;
    const cols = ow * sw;
    let padBottom = inHeight + kh - 1 - padTop - rows;
    let padRight = inWidth + kw - 1 - padLeft - cols;
    if (padTop < 0 || padLeft < 0) return fallback(args as never) as Info;

    const [b, , , cOut] = dy.shape;
    let grad = dy;
    const temps: (Info | null)[] = [];
    if (sh > 1 || sw > 1) {
      const r6 = wasmKernel('Reshape', backend, { x: dy }, { shape: [b, oh, 1, ow, 1, cOut] });
      const padded = wasmKernel('PadV2', backend, { x: r6 }, {
        paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]],
        constantValue: 0,
      });
      grad = wasmKernel('Reshape', backend, { x: padded }, { shape: [b, rows, cols, cOut] });
      temps.push(r6, padded, grad);
    }
    if (padBottom < 0 || padRight < 0) {
      const sliced = wasmKernel('Slice', backend, { x: grad }, {
        begin: [0, 0, 0, 0],
        size: [b, rows + Math.min(padBottom, 0), cols + Math.min(padRight, 0), cOut],
      });
      temps.push(sliced);
      grad = sliced;
      padBottom = Math.max(padBottom, 0);
      padRight = Math.max(padRight, 0);
    }
    const flipped = wasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
    const swapped = wasmKernel('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
    const dx = wasmKernel('Conv2D', backend, { x: grad, filter: swapped }, {
      strides: [1, 1],
      pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
    release(backend, ...temps, flipped, swapped);
    return dx;
  };
}
