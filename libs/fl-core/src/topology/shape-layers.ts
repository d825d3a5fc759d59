/**
 * @module topology/shape-layers
 * Size rules of the TF.js layer classes without weights: they only change
 * the shape the next layer sees (Flatten, Reshape, pooling, padding, merge,
 * …) or keep it (activations, dropout, noise).
 */
import { convOutputLength, tuple, type Padding } from './conv-math';
import { knownDim, rank, type LayerConfig, type Shape } from './layer-config';
import type { LayerRule, LayerSize } from './layer-size';

const same: LayerRule = (_c, [x]) => ({ weights: [], output: x });
const shaped = (output: Shape): LayerSize => ({ weights: [], output });

function known(c: LayerConfig, x: Shape, from = 1): number[] {
  return x.slice(from).map((_, i) => knownDim(c, x, from + i, `dimension ${from + i}`));
}

const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

function reshape(c: LayerConfig, [x]: Shape[]): LayerSize {
  const target = c.get('target_shape');
  if (!Array.isArray(target) || !target.every((d) => Number.isSafeInteger(d) && (d > 0 || d === -1)) || target.filter((d) => d === -1).length > 1)
    c.bad(`target_shape must be positive integers with at most one -1 (got ${JSON.stringify(target)})`);
  const t = target as number[];
  if (!t.includes(-1)) return shaped([x[0], ...t]);
  const total = product(known(c, x));
  const rest = product(t.filter((d) => d !== -1));
  if (total % rest !== 0) c.bad(`cannot reshape ${JSON.stringify(x)} to ${JSON.stringify(t)}`);
  return shaped([x[0], ...t.map((d) => (d === -1 ? total / rest : d))]);
}

function permute(c: LayerConfig, [x]: Shape[]): LayerSize {
  const dims = c.get('dims');
  if (!Array.isArray(dims) || dims.length !== x.length - 1 || !dims.every((d) => Number.isSafeInteger(d) && d >= 1 && d < x.length))
    c.bad(`dims must be a permutation of 1..${x.length - 1} (got ${JSON.stringify(dims)})`);
  return shaped([x[0], ...(dims as number[]).map((d) => x[d])]);
}

function channelsFirst(c: LayerConfig): boolean {
  return c.str('data_format', 'channels_last', ['channels_last', 'channels_first']) === 'channels_first';
}

/** MaxPooling / AveragePooling in `r` spatial dimensions. */
const pooling =
  (r: number): LayerRule =>
  (c, [x]) => {
    rank(c, x, r + 2);
    const pool = tuple(c.get('pool_size') ?? 2, r, `layer ${c.name}: pool_size`);
    const strides = tuple(c.get('strides') ?? pool, r, `layer ${c.name}: strides`);
    const padding = c.str<Padding>('padding', 'valid', ['valid', 'same']);
    const first = r > 1 && channelsFirst(c);
    const out = [...x];
    for (let i = 0; i < r; i++) {
      const a = first ? 2 + i : 1 + i;
      out[a] = convOutputLength(x[a], pool[i], padding, strides[i]);
    }
    return shaped(out);
  };

/** GlobalMaxPooling / GlobalAveragePooling: one value per channel. */
const globalPooling =
  (r: number): LayerRule =>
  (c, [x]) => {
    rank(c, x, r + 2);
    return shaped([x[0], r > 1 && channelsFirst(c) ? x[1] : x[r + 1]]);
  };

/** `[[before, after], …]` per spatial axis from an int, a pair per axis, or `[a, b]` (symmetric per axis). */
function pairs(c: LayerConfig, key: string, fallback: unknown, r: number): Array<[number, number]> {
  const v = c.get(key) ?? fallback;
  const ok = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (ok(v)) return Array.from({ length: r }, () => [v as number, v as number]);
  if (Array.isArray(v) && v.length === r) {
    if (v.every(ok)) return (v as number[]).map((n) => [n, n]);
    if (v.every((p) => Array.isArray(p) && p.length === 2 && p.every(ok))) return v as Array<[number, number]>;
  }
  return c.bad(`${key} must be an integer, ${r} integers, or ${r} pairs (got ${JSON.stringify(v)})`);
}

const padOrCrop =
  (key: string, sign: 1 | -1, fallback: unknown, r: number): LayerRule =>
  (c, [x]) => {
    rank(c, x, r + 2);
    const p = pairs(c, key, fallback, r);
    const first = r > 1 && channelsFirst(c);
    const out = [...x];
    p.forEach(([a, b], i) => {
      const ax = first ? 2 + i : 1 + i;
      const d = x[ax];
      out[ax] = d === null ? null : d + sign * (a + b);
      if (out[ax] !== null && (out[ax] as number) < 0) c.bad(`crops more than its input ${JSON.stringify(x)}`);
    });
    return shaped(out);
  };

function upSampling2d(c: LayerConfig, [x]: Shape[]): LayerSize {
  rank(c, x, 4);
  const size = tuple(c.get('size') ?? 2, 2, `layer ${c.name}: size`);
  const first = channelsFirst(c);
  const out = [...x];
  size.forEach((s, i) => {
    const a = first ? 2 + i : 1 + i;
    out[a] = x[a] === null ? null : (x[a] as number) * s;
  });
  return shaped(out);
}

function repeatVector(c: LayerConfig, [x]: Shape[]): LayerSize {
  rank(c, x, 2);
  return shaped([x[0], c.int('n'), x[1]]);
}

/** Add, Multiply, …: every input has the output's shape. */
const merge: LayerRule = (c, xs) => {
  if (xs.length < 2) c.bad('a merge layer needs at least two inputs');
  return shaped(xs[0]);
};

function concatenate(c: LayerConfig, xs: Shape[]): LayerSize {
  if (xs.length < 2) c.bad('Concatenate needs at least two inputs');
  const axis = c.get('axis') ?? -1;
  if (!Number.isSafeInteger(axis)) c.bad(`axis must be an integer (got ${JSON.stringify(axis)})`);
  const at = (axis as number) < 0 ? xs[0].length + (axis as number) : (axis as number);
  const out = [...xs[0]];
  out[at] = xs.reduce<number>((sum, x) => sum + knownDim(c, x, at, `axis ${String(axis)}`), 0);
  return shaped(out);
}

const IDENTITY = [
  'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Masking', 'Rescaling',
];

export const SHAPE_LAYERS: Readonly<Record<string, LayerRule>> = {
  ...Object.fromEntries(IDENTITY.map((k) => [k, same])),
  Flatten: (c, [x]) => shaped([x[0], product(known(c, x))]),
  Reshape: reshape,
  Permute: permute,
  RepeatVector: repeatVector,
  MaxPooling1D: pooling(1),
  MaxPooling2D: pooling(2),
  MaxPooling3D: pooling(3),
  AveragePooling1D: pooling(1),
  AveragePooling2D: pooling(2),
  AveragePooling3D: pooling(3),
  MaxPool1D: pooling(1),
  MaxPool2D: pooling(2),
  AvgPool1D: pooling(1),
  AvgPool2D: pooling(2),
  GlobalMaxPooling1D: globalPooling(1),
  GlobalMaxPooling2D: globalPooling(2),
  GlobalAveragePooling1D: globalPooling(1),
  GlobalAveragePooling2D: globalPooling(2),
  ZeroPadding2D: padOrCrop('padding', 1, 1, 2),
  Cropping2D: padOrCrop('cropping', -1, 0, 2),
  UpSampling2D: upSampling2d,
  Add: merge,
  Subtract: merge,
  Multiply: merge,
  Average: merge,
  Maximum: merge,
  Minimum: merge,
  Concatenate: concatenate,
};
