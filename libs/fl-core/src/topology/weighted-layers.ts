/**
 * @module topology/weighted-layers
 * Size rules of the TF.js layer classes that own weights: Dense, Conv1D/2D/3D,
 * Conv2DTranspose, DepthwiseConv2D, SeparableConv1D/2D, BatchNormalization,
 * LayerNormalization, Embedding, SimpleRNN, GRU, LSTM, PReLU. Weight shapes
 * follow each layer's `build()` in tfjs-layers; `countParams()` counts every
 * weight, trainable or not (BatchNormalization's moving statistics too).
 */
import { convOutputLength, deconvLength, tuple, type Padding } from './conv-math';
import { knownDim, rank, type LayerConfig, type Shape } from './layer-config';
import type { LayerRule, LayerSize } from './layer-size';

const PADDINGS: readonly Padding[] = ['valid', 'same', 'causal'];

function dense(c: LayerConfig, [x]: Shape[]): LayerSize {
  const units = c.int('units');
  const inDim = knownDim(c, x, -1, 'last dimension');
  const weights: LayerSize['weights'] = [['kernel', [inDim, units]]];
  if (c.bool('use_bias', true)) weights.push(['bias', [units]]);
  return { weights, output: [...x.slice(0, -1), units] };
}

/** Channel axis and spatial axes of an input of rank `r + 2`. */
function axes(c: LayerConfig, r: number): { channel: number; spatial: number[] } {
  const first = c.str('data_format', 'channels_last', ['channels_last', 'channels_first']) === 'channels_first';
  const spatial = Array.from({ length: r }, (_, i) => (first ? 2 + i : 1 + i));
  return { channel: first ? 1 : r + 1, spatial };
}

/** Shared by Conv*, DepthwiseConv2D, SeparableConv*: window, strides, dilation, output spatial lengths. */
function window(c: LayerConfig, x: Shape, r: number) {
  rank(c, x, r + 2);
  const kernel = tuple(c.get('kernel_size'), r, `layer ${c.name}: kernel_size`);
  const strides = tuple(c.get('strides') ?? 1, r, `layer ${c.name}: strides`);
  const dilation = tuple(c.get('dilation_rate') ?? 1, r, `layer ${c.name}: dilation_rate`);
  const padding = c.str('padding', 'valid', PADDINGS);
  const { channel, spatial } = axes(c, r);
  const inC = knownDim(c, x, channel, 'channel dimension');
  const out = (channels: number): Shape => {
    const o = [...x];
    spatial.forEach((a, i) => (o[a] = convOutputLength(x[a], kernel[i], padding, strides[i], dilation[i])));
    o[channel] = channels;
    return o;
  };
  return { kernel, inC, out, padding, strides, spatial, channel };
}

const conv =
  (r: number): LayerRule =>
  (c, [x]) => {
    const filters = c.int('filters');
    const w = window(c, x, r);
    const weights: LayerSize['weights'] = [['kernel', [...w.kernel, w.inC, filters]]];
    if (c.bool('use_bias', true)) weights.push(['bias', [filters]]);
    return { weights, output: w.out(filters) };
  };

function conv2dTranspose(c: LayerConfig, [x]: Shape[]): LayerSize {
  const filters = c.int('filters');
  const w = window(c, x, 2);
  const weights: LayerSize['weights'] = [['kernel', [...w.kernel, filters, w.inC]]];
  if (c.bool('use_bias', true)) weights.push(['bias', [filters]]);
  const output = [...x];
  w.spatial.forEach((a, i) => (output[a] = deconvLength(x[a], w.strides[i], w.kernel[i], w.padding)));
  output[w.channel] = filters;
  return { weights, output };
}

function depthwiseConv2d(c: LayerConfig, [x]: Shape[]): LayerSize {
  const m = c.int('depth_multiplier', 1);
  const w = window(c, x, 2);
  const weights: LayerSize['weights'] = [['depthwise_kernel', [...w.kernel, w.inC, m]]];
  if (c.bool('use_bias', true)) weights.push(['bias', [w.inC * m]]);
  return { weights, output: w.out(w.inC * m) };
}

const separableConv =
  (r: number): LayerRule =>
  (c, [x]) => {
    const filters = c.int('filters');
    const m = c.int('depth_multiplier', 1);
    const w = window(c, x, r);
    const weights: LayerSize['weights'] = [
      ['depthwise_kernel', [...w.kernel, w.inC, m]],
      ['pointwise_kernel', [...Array<number>(r).fill(1), w.inC * m, filters]],
    ];
    if (c.bool('use_bias', true)) weights.push(['bias', [filters]]);
    return { weights, output: w.out(filters) };
  };

function batchNormalization(c: LayerConfig, [x]: Shape[]): LayerSize {
  const axis = c.get('axis') ?? -1;
  if (!Number.isSafeInteger(axis)) c.bad(`axis must be an integer (got ${JSON.stringify(axis)})`);
  const dim = knownDim(c, x, axis as number, `axis ${String(axis)}`);
  const weights: LayerSize['weights'] = [];
  if (c.bool('scale', true)) weights.push(['gamma', [dim]]);
  if (c.bool('center', true)) weights.push(['beta', [dim]]);
  weights.push(['moving_mean', [dim]], ['moving_variance', [dim]]);
  return { weights, output: x };
}

function layerNormalization(c: LayerConfig, [x]: Shape[]): LayerSize {
  const raw = c.get('axis') ?? -1;
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((a) => Number.isSafeInteger(a))) c.bad(`axis must be an integer or a list of them (got ${JSON.stringify(raw)})`);
  const shape = (list as number[]).map((a) => knownDim(c, x, a, `axis ${a}`));
  const weights: LayerSize['weights'] = [];
  if (c.bool('scale', true)) weights.push(['gamma', shape]);
  if (c.bool('center', true)) weights.push(['beta', shape]);
  return { weights, output: x };
}

function embedding(c: LayerConfig, [x]: Shape[]): LayerSize {
  const out = c.int('output_dim');
  return { weights: [['embeddings', [c.int('input_dim'), out]]], output: [...x, out] };
}

/** SimpleRNN (1 gate), GRU (3), LSTM (4): kernel, recurrent_kernel, bias. */
const recurrent =
  (gates: number): LayerRule =>
  (c, [x]) => {
    rank(c, x, 3);
    const units = c.int('units');
    const inDim = knownDim(c, x, 2, 'feature dimension');
    const weights: LayerSize['weights'] = [
      ['kernel', [inDim, gates * units]],
      ['recurrent_kernel', [units, gates * units]],
    ];
    if (c.bool('use_bias', true)) weights.push(['bias', [gates * units]]);
    return { weights, output: c.bool('return_sequences', false) ? [x[0], x[1], units] : [x[0], units] };
  };

function prelu(c: LayerConfig, [x]: Shape[]): LayerSize {
  const shape = x.slice(1).map((_, i) => knownDim(c, x, i + 1, `dimension ${i + 1}`));
  const shared = c.get('shared_axes');
  const list = shared === null || shared === undefined ? [] : Array.isArray(shared) ? shared : [shared];
  for (const a of list) {
    if (!Number.isSafeInteger(a) || a < 1 || a > shape.length) c.bad(`shared_axes must list axes 1..${shape.length} (got ${JSON.stringify(shared)})`);
    shape[(a as number) - 1] = 1;
  }
  return { weights: [['alpha', shape]], output: x };
}

export const WEIGHTED_LAYERS: Readonly<Record<string, LayerRule>> = {
  Dense: dense,
  Conv1D: conv(1),
  Conv2D: conv(2),
  Conv3D: conv(3),
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv1D: separableConv(1),
  SeparableConv2D: separableConv(2),
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Embedding: embedding,
  SimpleRNN: recurrent(1),
  GRU: recurrent(3),
  LSTM: recurrent(4),
  PReLU: prelu,
};
