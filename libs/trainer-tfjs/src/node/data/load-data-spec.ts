/**
 * @module node/data/load-data-spec
 * Loads what a data spec (`node/data/data-spec`) describes, applying its
 * options in this order: load (the `split` pair for IDX) → drop the last
 * `holdout`, or keep the last `tail` → keep the first `limit`
 * ({@link loadBaseData}) → keep shard i of n, or party j of a partition
 * document → split off `test` ({@link selectClientData}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dirichletPartition, parsePartitionFile } from '@fl/fl-core';
import { TrainerError } from '../../errors';
import { type Dataset, head, subset } from '../../data/dataset';
import { permutation } from '../../data/shuffle';
import { trainTestSplit } from '../../data/split';
import { loadCsv } from './csv';
import { parseDataSpec, type DataSpec } from './data-spec';
import { loadIdxDir } from './idx';
import { loadImageFolder } from './image-folder';
import { loadMnistPackage } from './mnist-package';

/** Where the Debian package `dataset-fashion-mnist` installs its IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface LoadedData {
  train: Dataset;
  /** The local test split (`test=F`), or null when F = 0. */
  test: Dataset | null;
  name: string;
}

function defaultName(s: DataSpec): string {
  if (s.kind === 'mnist' || s.kind === 'fashion-mnist') return s.kind;
  const base = path.basename(path.resolve(s.path as string));
  return s.kind === 'csv' ? base.replace(/\.[^.]+$/, '') || base : base;
}

async function loadKind(s: DataSpec, name: string): Promise<Dataset> {
  switch (s.kind) {
    case 'mnist':
      return loadMnistPackage(name);
    case 'fashion-mnist': {
      const dir = s.path ?? FASHION_MNIST_DIR;
      if (!fs.existsSync(dir))
        throw new TrainerError('DATA_LOAD', `Fashion-MNIST not found at ${dir}; install it with: apt-get install dataset-fashion-mnist`);
      return loadIdxDir(dir, name, s.classes ?? 10, s.split);
    }
    case 'idx':
      return loadIdxDir(s.path as string, name, s.classes, s.split);
    case 'csv':
      return loadCsv(s.path as string, name, { label: s.label, header: s.header, numClasses: s.classes });
    case 'images':
      return loadImageFolder(s.path as string, name, { numClasses: s.classes });
  }
}

/** Indices of shard `index` of `count`: Dirichlet(alpha) by label, or an IID seeded split. */
export function shardIndices(ds: Dataset, index: number, count: number, seed: number, alpha?: number): ArrayLike<number> {
  return allShardIndices(ds, count, seed, alpha)[index];
}

/**
 * The indices of every shard of a `count`-way split at once (what
 * {@link shardIndices} returns for each index), for callers that serve many
 * clients from one dataset (the edge client's simulation mode).
 */
export function allShardIndices(ds: Dataset, count: number, seed: number, alpha?: number): ArrayLike<number>[] {
  if (ds.count < count) throw new TrainerError('INVALID_ARGUMENT', `shard=i/${count}: only ${ds.count} examples to share among ${count} clients`);
  if (alpha !== undefined) return dirichletPartition(ds.y, count, alpha, seed);
  const perm = permutation(ds.count, seed);
  return Array.from({ length: count }, (_, i) => perm.subarray(Math.floor((i * ds.count) / count), Math.floor(((i + 1) * ds.count) / count)));
}

/**
 * Indices of party `party` in the partition document at `file`, checked
 * against a dataset of `count` examples.
 * @throws TrainerError DATA_LOAD (unreadable or invalid document), INVALID_ARGUMENT (party out of range, size mismatch).
 */
export function partyIndices(file: string, party: number, count: number): number[] {
  const parties = partitionParties(file, count);
  if (party >= parties.length) throw new TrainerError('INVALID_ARGUMENT', `party=${party}: partition ${file} has ${parties.length} parties`);
  return parties[party];
}

/** Every party's indices in the partition document at `file`, checked against a dataset of `count` examples (see {@link partyIndices}). */
export function partitionParties(file: string, count: number): number[][] {
  let doc;
  try {
    doc = parsePartitionFile(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `partition ${file}: ${(e as Error).message}`, { cause: e });
  }
  if (doc.examples !== count)
    throw new TrainerError('INVALID_ARGUMENT', `partition ${file} indexes ${doc.examples} examples but the data has ${count} (check holdout/limit)`);
  return doc.parties;
}

/**
 * Parses (if given a string) and loads a data spec.
 * @example const { train, test, name } = await loadDataSpec('mnist?holdout=2000&shard=0/8&alpha=0.5');
 * @throws TrainerError INVALID_ARGUMENT (bad spec / option), DATA_LOAD (unreadable data).
 */
export async function loadDataSpec(spec: string | DataSpec): Promise<LoadedData> {
  const s = typeof spec === 'string' ? parseDataSpec(spec) : spec;
  return selectClientData(await loadBaseData(s), s);
}

/** The dataset name a spec reports: its `name=`, else the kind or the path's base name. */
export function dataName(s: DataSpec): string {
  return s.name ?? defaultName(s);
}

/**
 * The first steps of {@link loadDataSpec}, shared by every client of a split:
 * load → drop the last `holdout` or keep the last `tail` → keep the first `limit`.
 */
export async function loadBaseData(s: DataSpec): Promise<Dataset> {
  let ds = await loadKind(s, dataName(s));
  if (s.holdout !== undefined) {
    if (s.holdout >= ds.count) throw new TrainerError('INVALID_ARGUMENT', `holdout=${s.holdout} leaves no examples (the dataset has ${ds.count})`);
    ds = head(ds, ds.count - s.holdout);
  }
  if (s.tail !== undefined) {
    if (s.tail > ds.count) throw new TrainerError('INVALID_ARGUMENT', `tail=${s.tail} asks for more examples than the dataset has (${ds.count})`);
    ds = subset(ds, Array.from({ length: s.tail }, (_, k) => ds.count - s.tail! + k));
  }
  if (s.limit !== undefined) ds = head(ds, s.limit);
  return ds;
}

/**
 * The last steps of {@link loadDataSpec}, one client's: keep shard i of n or
 * party j (`indices`, when the caller computed them already, e.g. with
 * {@link allShardIndices}), then split off `test`.
 */
export function selectClientData(base: Dataset, s: DataSpec, indices?: ArrayLike<number>): LoadedData {
  const name = dataName(s);
  let ds = base;
  if (indices !== undefined) ds = subset(ds, indices);
  else if (s.shard) ds = subset(ds, shardIndices(ds, s.shard.index, s.shard.count, s.seed, s.alpha));
  else if (s.partition !== undefined) ds = subset(ds, partyIndices(s.partition, s.party as number, ds.count));
  if (s.test > 0) {
    const { train, test } = trainTestSplit(ds, s.test, s.seed);
    if (train.count === 0 || test.count === 0)
      throw new TrainerError('INVALID_ARGUMENT', `test=${s.test} leaves an empty train or test set (${ds.count} examples)`);
    return { train, test, name };
  }
  return { train: ds, test: null, name };
}
