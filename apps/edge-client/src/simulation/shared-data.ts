/**
 * @module simulation/shared-data
 * The data of every virtual client, loaded once per process
 * (docs/simulation.md): the template's base dataset (load → holdout →
 * limit, `loadBaseData`) is copied into SharedArrayBuffers the training
 * threads read without copying, and each client's examples are a list of
 * indices into it (`allShardIndices`, one split computed once, or the
 * partition document's parties), also shared. A client's own dataset exists
 * only while it trains: the worker selects it by index (`selectClientData`,
 * the same steps `loadDataSpec` ends with) and drops it after the task.
 */
import type { DatasetInfo } from '@fl/protocol';
import type { Dataset } from '@fl/trainer-tfjs';
import { ClientError, errorMessage } from '../errors';
import { clientDataSpec, templateProblem } from './client-data-spec';

/** What the training threads receive once: the base dataset and every client's indices, in shared memory. */
export interface SharedDataMessage {
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  featureShape: number[];
  numClasses: number;
  count: number;
  name: string;
  /** Client k's indices are `indices[offsets[k] .. offsets[k + 1])`. */
  indices: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
}

export interface SharedData {
  message: SharedDataMessage;
  /** Per virtual client: its data spec and what it announces at registration. */
  clients: Array<{ spec: string; dataset: DatasetInfo }>;
}

/** Loads the template's data once and plans `clients` virtual clients' shares of it. Throws `USAGE` / `DATA`. */
export async function loadSharedData(template: string, clients: number): Promise<SharedData> {
  const problem = templateProblem(template);
  if (problem) throw new ClientError('USAGE', `--data ${problem}`);
  const node = await import('@fl/trainer-tfjs/node');
  const specs = Array.from({ length: clients }, (_, k) => clientDataSpec(template, k));
  const parse = (s: string) => {
    try {
      return node.parseDataSpec(s);
    } catch (e) {
      throw new ClientError('USAGE', `--data: ${errorMessage(e)}`);
    }
  };
  const first = parse(specs[0]);
  if (first.shard && first.shard.count < clients) throw new ClientError('USAGE', `--data shard=i/${first.shard.count} has fewer shards than --clients ${clients}`);
  specs.forEach(parse); // each client's spec must be valid on its own, as fl-client's would
  let base: Dataset;
  let shares: ArrayLike<number>[];
  try {
    base = await node.loadBaseData(first);
    if (first.shard) {
      shares = node.allShardIndices(base, first.shard.count, first.seed, first.alpha).slice(0, clients);
    } else {
      const parties = node.partitionParties(first.partition as string, base.count);
      if (parties.length < clients) throw new ClientError('USAGE', `--data partition ${first.partition} has ${parties.length} parties, fewer than --clients ${clients}`);
      shares = parties.slice(0, clients);
    }
  } catch (e) {
    if (e instanceof ClientError) throw e;
    throw new ClientError('DATA', `cannot load --data "${template}": ${errorMessage(e)}`);
  }
  const name = node.dataName(first);
  const out = specs.map((spec, k) => {
    const n = shares[k].length;
    const test = first.test > 0 ? node.testCount(n, first.test) : 0;
    if (n - test < 1 || (first.test > 0 && test < 1)) throw new ClientError('DATA', `--data "${spec}": ${n} examples leave an empty train or test set`);
    return { spec, dataset: { name, numExamples: n - test } };
  });
  return { message: share(base, name, shares), clients: out };
}

/** The base dataset and the clients' indices, copied into shared memory. */
function share(base: Dataset, name: string, shares: ArrayLike<number>[]): SharedDataMessage {
  const x = new SharedArrayBuffer(base.x.byteLength);
  new Float32Array(x).set(base.x);
  const y = new SharedArrayBuffer(base.y.byteLength);
  new Int32Array(y).set(base.y);
  const total = shares.reduce((s, a) => s + a.length, 0);
  const indices = new SharedArrayBuffer(total * 4);
  const offsets = new SharedArrayBuffer((shares.length + 1) * 4);
  const idx = new Int32Array(indices);
  const off = new Int32Array(offsets);
  shares.forEach((a, k) => {
    idx.set(a, off[k]);
    off[k + 1] = off[k] + a.length;
  });
  return { x, y, featureShape: [...base.featureShape], numClasses: base.numClasses, count: base.count, name, indices, offsets };
}

/** The base dataset over the shared buffers (no copy), in a training thread. */
export function sharedBase(m: SharedDataMessage): Dataset {
  return { x: new Float32Array(m.x), y: new Int32Array(m.y), featureShape: m.featureShape, numClasses: m.numClasses, count: m.count, name: m.name };
}

/** Client `k`'s indices into the base dataset (a view, no copy). */
export function clientIndices(m: SharedDataMessage, k: number): Int32Array {
  const off = new Int32Array(m.offsets);
  if (!(k >= 0 && k + 1 < off.length)) throw new RangeError(`no virtual client ${k}`);
  return new Int32Array(m.indices).subarray(off[k], off[k + 1]);
}
