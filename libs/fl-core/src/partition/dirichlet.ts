/**
 * @module partition/dirichlet
 * Label-skewed (non-IID) split of a labelled data set over simulated clients,
 * as in Hsu, Qi, Brown 2019 (arXiv 1909.06335): for each class, proportions
 * p ~ Dirichlet(α, …, α) over the clients, and that class's shuffled example
 * indices are cut at the cumulative proportions. Small α (e.g. 0.1–0.5) gives
 * each client a few dominant classes; large α (→ ∞) approaches IID.
 *
 * Afterwards every empty client receives one example taken from the currently
 * largest client. Deterministic for a seed (non-crypto `createRng`).
 */
import { assertNoProblems } from '../errors/invalid-argument-error';
import { sampleDirichlet } from '../sampling/gamma';
import { createRng } from '../sampling/rng';
import { shuffleInPlace } from '../sampling/shuffle';

/**
 * Indices of `labels` per client, each list sorted ascending; every index
 * appears exactly once and every client gets at least one.
 * @param labels class label per example (non-negative integers).
 * @throws InvalidArgumentError for bad labels, numClients ∉ [1, labels.length], α ≤ 0 or a bad seed.
 */
export function dirichletPartition(labels: ArrayLike<number>, numClients: number, alpha: number, seed: number): number[][] {
  const problems: string[] = [];
  const n = labels?.length;
  if (!Number.isSafeInteger(n)) problems.push('labels must be array-like');
  if (!Number.isSafeInteger(numClients) || numClients < 1 || numClients > n)
    problems.push(`numClients must be an integer in [1, ${n}] (every client needs an example; got ${numClients})`);
  if (!(alpha > 0) || !Number.isFinite(alpha)) problems.push(`alpha must be a finite number > 0 (got ${alpha})`);
  if (!Number.isSafeInteger(seed)) problems.push(`seed must be a safe integer (got ${seed})`);
  assertNoProblems('dirichletPartition', problems);

  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isSafeInteger(y) || y < 0) assertNoProblems('dirichletPartition', [`labels[${i}] must be a non-negative integer (got ${y})`]);
    let list = byClass.get(y);
    if (!list) byClass.set(y, (list = []));
    list.push(i);
  }

  const rng = createRng(seed);
  const clients: number[][] = Array.from({ length: numClients }, () => []);
  for (const y of [...byClass.keys()].sort((a, b) => a - b)) {
    const indices = byClass.get(y)!;
    shuffleInPlace(indices, rng);
    const p = sampleDirichlet(rng, alpha, numClients);
    let start = 0;
    let cumulative = 0;
    for (let k = 0; k < numClients; k++) {
      cumulative += p[k];
      const end = k === numClients - 1 ? indices.length : Math.min(indices.length, Math.round(cumulative * indices.length));
      for (let i = start; i < end; i++) clients[k].push(indices[i]);
      start = Math.max(start, end);
    }
  }

  for (const empty of clients) {
    if (empty.length > 0) continue;
    let largest = clients[0];
    for (const c of clients) if (c.length > largest.length) largest = c;
    empty.push(largest.pop()!); // largest has ≥ 2: n ≥ numClients examples over < numClients clients
  }
  for (const c of clients) c.sort((a, b) => a - b);
  return clients;
}
