/**
 * @module data/dataset
 * The in-memory dataset every loader produces and `fitLocal` / `evaluate`
 * consume: one flat Float32Array of features (row-major, `count` rows of
 * `prod(featureShape)` values, pixels scaled to [0, 1]) and one Int32Array of
 * class labels in `[0, numClasses)`.
 */
import { firstNonFinite, tensorSize } from '@fl/fl-core';
import { TrainerError } from '../errors';

export interface Dataset {
  x: Float32Array;
  y: Int32Array;
  /** Shape of one example, e.g. `[28, 28, 1]` for MNIST images or `[F]` for CSV rows. */
  featureShape: number[];
  numClasses: number;
  count: number;
  /** Dataset name reported to the coordinator (jobs ask for it by name). */
  name: string;
}

/** Cross-realm typed-array check (Jest runs code in a separate realm). */
function isTyped(v: unknown, tag: 'Float32Array' | 'Int32Array'): boolean {
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === `[object ${tag}]`;
}

/** Number of feature values of one example. */
export function featureSize(featureShape: readonly number[]): number {
  return tensorSize(featureShape);
}

/**
 * Checks a dataset's internal consistency: shapes, lengths, label range,
 * finite features. Returns it unchanged.
 * @throws TrainerError INVALID_DATA naming the first problem found.
 */
export function checkDataset(ds: Dataset): Dataset {
  const bad = (msg: string): never => {
    throw new TrainerError('INVALID_DATA', `dataset '${ds?.name}': ${msg}`);
  };
  if (typeof ds !== 'object' || ds === null) bad('must be an object');
  if (!isTyped(ds.x, 'Float32Array')) bad('x must be a Float32Array');
  if (!isTyped(ds.y, 'Int32Array')) bad('y must be an Int32Array');
  if (!Array.isArray(ds.featureShape) || ds.featureShape.length === 0 || ds.featureShape.some((d) => !Number.isInteger(d) || d < 1))
    bad(`featureShape must be a non-empty list of positive integers (got ${JSON.stringify(ds.featureShape)})`);
  if (!Number.isInteger(ds.numClasses) || ds.numClasses < 2) bad(`numClasses must be an integer >= 2 (got ${ds.numClasses})`);
  if (!Number.isInteger(ds.count) || ds.count < 0) bad(`count must be a non-negative integer (got ${ds.count})`);
  if (ds.y.length !== ds.count) bad(`y has ${ds.y.length} labels for count ${ds.count}`);
  const f = featureSize(ds.featureShape);
  if (ds.x.length !== ds.count * f) bad(`x has ${ds.x.length} values, expected count × ${f} = ${ds.count * f}`);
  for (let i = 0; i < ds.count; i++) {
    const l = ds.y[i];
    if (l < 0 || l >= ds.numClasses) bad(`label ${l} at index ${i} is outside [0, ${ds.numClasses})`);
  }
  const i = firstNonFinite(ds.x);
  if (i >= 0) bad(`feature value ${ds.x[i]} at index ${i} is not finite`);
  return ds;
}

/**
 * A new dataset holding the examples at `indices`, in that order (copies).
 * @throws TrainerError INVALID_ARGUMENT for an index out of range.
 */
export function subset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const f = featureSize(ds.featureShape);
  const n = indices.length;
  const x = new Float32Array(n * f);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= ds.count)
      throw new TrainerError('INVALID_ARGUMENT', `subset: index ${i} is outside [0, ${ds.count})`);
    x.set(ds.x.subarray(i * f, (i + 1) * f), k * f);
    y[k] = ds.y[i];
  }
  return { x, y, featureShape: [...ds.featureShape], numClasses: ds.numClasses, count: n, name };
}

/** The first `n` examples (a copy); `n` is clamped to the dataset size. */
export function head(ds: Dataset, n: number): Dataset {
  const m = Math.max(0, Math.min(n, ds.count));
  const f = featureSize(ds.featureShape);
  return { ...ds, featureShape: [...ds.featureShape], x: ds.x.slice(0, m * f), y: ds.y.slice(0, m), count: m };
}
