/**
 * @module node/data/idx
 * IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.,
 * http://yann.lecun.com/exdb/mnist/): two zero bytes, a type byte (0x08 =
 * unsigned byte, the only one supported here), the number of dimensions, each
 * dimension as a big-endian u32, then the data. Files may be gzipped
 * (detected by the gzip magic, not the name). Images `[N, rows, cols]` (or
 * `[N, rows, cols, channels]`) become `featureShape [rows, cols, channels]`
 * scaled to [0, 1]; labels `[N]` become class indices.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TrainerError } from '../../errors';
import type { Dataset } from '../../data/dataset';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const fail = (file: string, msg: string): never => {
  throw new TrainerError('DATA_LOAD', `IDX ${file}: ${msg}`);
};

/** Reads a file, gunzipping it when it starts with the gzip magic 1f 8b. */
export function readMaybeGzip(file: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new TrainerError('DATA_LOAD', `cannot gunzip ${file}: ${(e as Error).message}`, { cause: e });
    }
  }
  return bytes;
}

/** Parses IDX bytes (unsigned-byte type only), checking the magic and the data length. */
export function parseIdx(bytes: Uint8Array, file = '<bytes>'): IdxArray {
  if (bytes.length < 4) fail(file, `too short (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(file, 'bad magic (expected two zero bytes; not an IDX file?)');
  if (bytes[2] !== 0x08) fail(file, `data type 0x${bytes[2].toString(16).padStart(2, '0')} is not supported (only unsigned byte, 0x08)`);
  const rank = bytes[3];
  if (rank < 1 || rank > 4) fail(file, `unsupported number of dimensions ${rank}`);
  const headerLen = 4 + 4 * rank;
  if (bytes.length < headerLen) fail(file, 'truncated header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - headerLen !== size)
    fail(file, `dimensions ${dims.join('×')} need ${size} data bytes, file has ${bytes.length - headerLen}`);
  return { dims, data: bytes.subarray(headerLen) };
}

/**
 * Loads an images file and a labels file into a dataset.
 * @param numClasses default: largest label + 1 (at least 2).
 * @throws TrainerError DATA_LOAD for unreadable / malformed files or a count mismatch.
 */
export function loadIdx(imagesFile: string, labelsFile: string, name: string, numClasses?: number): Dataset {
  const images = parseIdx(readMaybeGzip(imagesFile), imagesFile);
  const labels = parseIdx(readMaybeGzip(labelsFile), labelsFile);
  if (images.dims.length < 3) fail(imagesFile, `images need 3 or 4 dimensions [N, rows, cols(, channels)], got ${images.dims.length}`);
  if (labels.dims.length !== 1) fail(labelsFile, `labels need 1 dimension [N], got ${labels.dims.length}`);
  const count = images.dims[0];
  if (labels.dims[0] !== count) fail(labelsFile, `${labels.dims[0]} labels for ${count} images in ${path.basename(imagesFile)}`);
  const y = Int32Array.from(labels.data);
  const maxLabel = y.reduce((m, v) => Math.max(m, v), 0);
  const classes = numClasses ?? Math.max(2, maxLabel + 1);
  if (maxLabel >= classes) fail(labelsFile, `label ${maxLabel} is not below the class count ${classes}`);
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const featureShape = [images.dims[1], images.dims[2], images.dims[3] ?? 1];
  return { x, y, featureShape, numClasses: classes, count, name };
}

const IMAGES = /^(.*?)[-_.]images[-_.]idx3[-_.]ubyte(\.gz)?$/;
const LABELS = /^(.*?)[-_.]labels[-_.]idx1[-_.]ubyte(\.gz)?$/;

/**
 * Finds the images/labels pair in a directory: `<prefix>-images-idx3-ubyte[.gz]`
 * with `<prefix>-labels-idx1-ubyte[.gz]`. The `train` pair wins when there are
 * several (MNIST ships train and t10k); with `split = 'test'`, the `t10k` (or
 * `test`) pair.
 */
export function findIdxPair(dir: string, split: 'train' | 'test' = 'train'): { images: string; labels: string } {
  let files: string[];
  try {
    files = fs.readdirSync(dir);
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot read IDX directory ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const pairs = new Map<string, { images?: string; labels?: string }>();
  for (const f of files.sort()) {
    const im = IMAGES.exec(f);
    const lb = LABELS.exec(f);
    const prefix = im?.[1] ?? lb?.[1];
    if (prefix === undefined) continue;
    const p = pairs.get(prefix) ?? {};
    if (im) p.images ??= path.join(dir, f);
    else p.labels ??= path.join(dir, f);
    pairs.set(prefix, p);
  }
  const complete = [...pairs.entries()].filter(([, p]) => p.images && p.labels);
  if (split === 'test') {
    const test = complete.find(([prefix]) => prefix === 't10k' || prefix === 'test');
    if (!test) throw new TrainerError('DATA_LOAD', `no IDX test pair (t10k-* or test-*) in ${dir}`);
    return { images: test[1].images as string, labels: test[1].labels as string };
  }
  const chosen = complete.find(([prefix]) => prefix === 'train') ?? (complete.length === 1 ? complete[0] : undefined);
  if (!chosen)
    throw new TrainerError(
      'DATA_LOAD',
      complete.length === 0
        ? `no IDX pair (<prefix>-images-idx3-ubyte[.gz] + <prefix>-labels-idx1-ubyte[.gz]) in ${dir}`
        : `several IDX pairs in ${dir} (${complete.map(([p]) => p).join(', ')}) and none is 'train'`,
    );
  return { images: chosen[1].images as string, labels: chosen[1].labels as string };
}

/** `findIdxPair` + `loadIdx`. */
export function loadIdxDir(dir: string, name: string, numClasses?: number, split: 'train' | 'test' = 'train'): Dataset {
  const { images, labels } = findIdxPair(dir, split);
  return loadIdx(images, labels, name, numClasses);
}
