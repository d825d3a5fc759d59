/**
 * @module node/data/image-folder
 * A folder of PNG images with one subfolder per class (the torchvision
 * `ImageFolder` layout). Class indices: when every subfolder name is a
 * non-negative integer (`0/ … 9/`) that integer is the label; otherwise the
 * subfolders sorted by name get 0, 1, 2, … . Images must all have the same
 * size. Channels: 1 when every image is grayscale, else 3 (RGB; gray images
 * are replicated, alpha is dropped); or forced with `channels`. Pixels are
 * scaled to [0, 1]. Decoding uses pngjs (pure JS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { TrainerError } from '../../errors';
import type { Dataset } from '../../data/dataset';

export interface ImageFolderOptions {
  channels?: 1 | 3 | 'auto';
  /** Default: largest label + 1 (at least 2). */
  numClasses?: number;
}

interface Decoded {
  file: string;
  label: number;
  width: number;
  height: number;
  gray: boolean;
  rgba: Uint8Array;
}

const fail = (msg: string): never => {
  throw new TrainerError('DATA_LOAD', `image folder: ${msg}`);
};

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot read ${dir}: ${(e as Error).message}`, { cause: e });
  }
}

function decode(file: string, label: number): Decoded {
  let png: { width: number; height: number; data: Uint8Array; colorType?: number };
  try {
    png = PNG.sync.read(fs.readFileSync(file)) as unknown as typeof png;
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `image folder: cannot decode ${file}: ${(e as Error).message}`, { cause: e });
  }
  return { file, label, width: png.width, height: png.height, gray: png.colorType === 0 || png.colorType === 4, rgba: png.data };
}

/** Class folders with their labels (see the module comment). */
export function classFolders(dir: string): { folder: string; label: number }[] {
  const names = listDir(dir).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  if (names.length < 2) fail(`${dir} needs at least two class subfolders (found ${names.length})`);
  const numeric = names.every((n) => /^\d+$/.test(n));
  return names.map((n, i) => ({ folder: path.join(dir, n), label: numeric ? Number(n) : i }));
}

/**
 * Loads every `*.png` under the class subfolders of `dir` (files sorted by name).
 * @throws TrainerError DATA_LOAD for unreadable / undecodable files, mixed sizes, or empty folders.
 */
export function loadImageFolder(dir: string, name: string, opts: ImageFolderOptions = {}): Dataset {
  const images: Decoded[] = [];
  for (const { folder, label } of classFolders(dir)) {
    const files = listDir(folder).filter((d) => d.isFile() && /\.png$/i.test(d.name)).map((d) => d.name).sort();
    for (const f of files) images.push(decode(path.join(folder, f), label));
  }
  if (images.length === 0) fail(`no .png files under the class subfolders of ${dir}`);
  const { width, height } = images[0];
  for (const im of images)
    if (im.width !== width || im.height !== height)
      fail(`${im.file} is ${im.width}×${im.height}, but ${images[0].file} is ${width}×${height}; all images must have the same size`);
  const channels = opts.channels === undefined || opts.channels === 'auto' ? (images.every((im) => im.gray) ? 1 : 3) : opts.channels;
  const pixels = width * height;
  const x = new Float32Array(images.length * pixels * channels);
  const y = new Int32Array(images.length);
  images.forEach((im, n) => {
    y[n] = im.label;
    const base = n * pixels * channels;
    for (let p = 0; p < pixels; p++) {
      const r = im.rgba[4 * p];
      const g = im.rgba[4 * p + 1];
      const b = im.rgba[4 * p + 2];
      if (channels === 1) x[base + p] = (im.gray ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
      else {
        x[base + 3 * p] = r / 255;
        x[base + 3 * p + 1] = g / 255;
        x[base + 3 * p + 2] = b / 255;
      }
    }
  });
  const maxLabel = y.reduce((m, v) => Math.max(m, v), 0);
  const numClasses = opts.numClasses ?? Math.max(2, maxLabel + 1);
  if (maxLabel >= numClasses) fail(`label ${maxLabel} is not below the class count ${numClasses}`);
  return { x, y, featureShape: [height, width, channels], numClasses, count: images.length, name };
}
