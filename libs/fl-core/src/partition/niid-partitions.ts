/**
 * @module partition/niid-partitions
 * The four data partitions of NIID-Bench (Li, Diao, Chen, He, "Federated
 * Learning on Non-IID Data Silos: An Experimental Study", ICDE 2022, §IV-A),
 * over `labels` (one class index per example), for `n` parties:
 *
 * - **iid**: a seeded permutation cut into n parts whose sizes differ by ≤ 1.
 * - **dir:β** (label distribution skew): for each class, the class's
 *   shuffled examples are cut among the parties at the cumulative
 *   proportions of one Dirichlet(β) draw, except that a party already
 *   holding ≥ N/n examples gets no more (its proportion is zeroed and the
 *   rest renormalised). The whole split is drawn again until every party
 *   holds at least `MIN_PARTY_SIZE` (10) examples.
 * - **labels:K** (#C = K, quantity-based label skew): party i holds class
 *   i mod C plus K − 1 other distinct classes drawn at random; each class's
 *   shuffled examples are cut into near-equal parts among the parties that
 *   hold it. For K = C every party holds an equal share of every class.
 *   Examples of a class no party holds (possible when n·K < C) are left out.
 * - **quantity:β** (quantity skew): a seeded permutation cut at the
 *   cumulative proportions of a Dirichlet(β) draw, drawn again until the
 *   smallest part has at least `MIN_PARTY_SIZE` examples.
 *
 * Every party's indices are returned in shuffled order, as NIID-Bench
 * shuffles them. Deterministic for a seed (`createRng`, not cryptographic);
 * the random streams are this library's, so the same seed does not give
 * NIID-Bench's numpy split, only the same distribution of splits.
 */
import { assertNoProblems, InvalidArgumentError } from '../errors/invalid-argument-error';
import { sampleDirichlet } from '../sampling/gamma';
import { createRng, type Rng } from '../sampling/rng';
import { shuffleInPlace } from '../sampling/shuffle';
import type { PartitionSpec } from './partition-spec';

/** Fewest examples per party for `dir:β` and `quantity:β` (NIID-Bench's `min_require_size`). */
export const MIN_PARTY_SIZE = 10;
/** Draws tried before a `dir:β` / `quantity:β` split is declared impossible. */
export const MAX_PARTITION_DRAWS = 10_000;

/** Class index → its example indices (ascending), for classes 0 … max label. */
function indicesByClass(labels: ArrayLike<number>): number[][] {
  const byClass: number[][] = [];
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isSafeInteger(y) || y < 0 || y > 65_535) assertNoProblems('partition', [`labels[${i}] must be an integer in [0, 65535] (got ${y})`]);
    (byClass[y] ??= []).push(i);
  }
  for (let c = 0; c < byClass.length; c++) byClass[c] ??= [];
  return byClass;
}

/** Splits `items` into `parts` consecutive pieces whose sizes differ by ≤ 1, larger first (numpy `array_split`). */
function arraySplit(items: number[], parts: number): number[][] {
  const base = Math.floor(items.length / parts);
  const extra = items.length % parts;
  const out: number[][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const end = start + base + (p < extra ? 1 : 0);
    out.push(items.slice(start, end));
    start = end;
  }
  return out;
}

/** Cuts `items` at floor(cumsum(p)·len) (numpy `split` at `(cumsum(p)·len).astype(int)[:-1]`). */
function cutAtProportions(items: number[], p: readonly number[]): number[][] {
  const out: number[][] = [];
  let start = 0;
  let cumulative = 0;
  for (let k = 0; k < p.length; k++) {
    cumulative += p[k];
    const end = k === p.length - 1 ? items.length : Math.max(start, Math.min(items.length, Math.floor(cumulative * items.length)));
    out.push(items.slice(start, end));
    start = end;
  }
  return out;
}

function iid(n: number, count: number, rng: Rng): number[][] {
  const perm = Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(perm, rng);
  return arraySplit(perm, n);
}

function labelDirichlet(byClass: number[][], n: number, count: number, beta: number, rng: Rng): number[][] {
  const cap = count / n;
  for (let draw = 0; draw < MAX_PARTITION_DRAWS; draw++) {
    const parties: number[][] = Array.from({ length: n }, () => []);
    for (const cls of byClass) {
      if (cls.length === 0) continue;
      const idx = cls.slice();
      shuffleInPlace(idx, rng);
      const p = sampleDirichlet(rng, beta, n).map((v, j) => (parties[j].length < cap ? v : 0));
      const sum = p.reduce((s, v) => s + v, 0);
      // Some party is below N/n while examples remain to be placed, so sum > 0.
      const pieces = cutAtProportions(idx, p.map((v) => v / sum));
      pieces.forEach((piece, j) => parties[j].push(...piece));
    }
    if (Math.min(...parties.map((q) => q.length)) >= MIN_PARTY_SIZE) {
      for (const q of parties) shuffleInPlace(q, rng);
      return parties;
    }
  }
  throw new InvalidArgumentError('partition dir', [`no split with at least ${MIN_PARTY_SIZE} examples per party in ${MAX_PARTITION_DRAWS} draws (β = ${beta}, ${n} parties, ${count} examples)`]);
}

function labelQuantity(byClass: number[][], n: number, k: number, rng: Rng): number[][] {
  const classes = byClass.length;
  if (k > classes) assertNoProblems('partition labels', [`K = ${k} exceeds the ${classes} classes of the labels`]);
  const parties: number[][] = Array.from({ length: n }, () => []);
  if (k === classes) {
    for (const cls of byClass) {
      const idx = cls.slice();
      shuffleInPlace(idx, rng);
      arraySplit(idx, n).forEach((piece, j) => parties[j].push(...piece));
    }
  } else {
    const holds: number[][] = [];
    const holders: number[][] = Array.from({ length: classes }, () => []);
    for (let j = 0; j < n; j++) {
      const mine = [j % classes];
      while (mine.length < k) {
        const c = rng.int(classes);
        if (!mine.includes(c)) mine.push(c);
      }
      holds.push(mine);
      for (const c of mine) holders[c].push(j);
    }
    byClass.forEach((cls, c) => {
      if (holders[c].length === 0) return;
      const idx = cls.slice();
      shuffleInPlace(idx, rng);
      arraySplit(idx, holders[c].length).forEach((piece, h) => parties[holders[c][h]].push(...piece));
    });
  }
  for (const q of parties) shuffleInPlace(q, rng);
  return parties;
}

function quantitySkew(n: number, count: number, beta: number, rng: Rng): number[][] {
  const perm = Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(perm, rng);
  for (let draw = 0; draw < MAX_PARTITION_DRAWS; draw++) {
    const p = sampleDirichlet(rng, beta, n);
    const parts = cutAtProportions(perm, p);
    if (Math.min(...parts.map((q) => q.length)) >= MIN_PARTY_SIZE) return parts;
  }
  throw new InvalidArgumentError('partition quantity', [`no split with at least ${MIN_PARTY_SIZE} examples per party in ${MAX_PARTITION_DRAWS} draws (β = ${beta}, ${n} parties, ${count} examples)`]);
}

/**
 * Example indices per party for a NIID-Bench partition.
 * @example partitionLabels(trainLabels, 10, { kind: 'dir', beta: 0.5 }, 1)
 * @throws InvalidArgumentError for bad labels, n ∉ [1, labels.length], a bad
 *   seed, K above the class count, or a `dir` / `quantity` split that cannot
 *   give every party `MIN_PARTY_SIZE` examples.
 */
export function partitionLabels(labels: ArrayLike<number>, n: number, spec: PartitionSpec, seed: number): number[][] {
  const count = labels?.length;
  const problems: string[] = [];
  if (!Number.isSafeInteger(count)) problems.push('labels must be array-like');
  if (!Number.isSafeInteger(n) || n < 1 || n > count) problems.push(`parties must be an integer in [1, ${count}] (got ${n})`);
  if (!Number.isSafeInteger(seed)) problems.push(`seed must be a safe integer (got ${seed})`);
  if ((spec.kind === 'dir' || spec.kind === 'quantity') && n * MIN_PARTY_SIZE > count)
    problems.push(`${spec.kind} needs at least ${MIN_PARTY_SIZE} examples per party (${n} parties, ${count} examples)`);
  assertNoProblems('partition', problems);
  const byClass = indicesByClass(labels);
  const rng = createRng(seed);
  switch (spec.kind) {
    case 'iid':
      return iid(n, count, rng);
    case 'dir':
      return labelDirichlet(byClass, n, count, spec.beta, rng);
    case 'labels':
      return labelQuantity(byClass, n, spec.k, rng);
    case 'quantity':
      return quantitySkew(n, count, spec.beta, rng);
  }
}
