/**
 * @module robust/krum-select
 * Krum scoring and selection (Blanchard, El Mhamdi, Guerraoui, Stainer,
 * "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent",
 * NeurIPS 2017) over a precomputed squared-distance matrix.
 *
 * The score of update i within a candidate set R is the sum of its squared
 * distances to its |R| − f − 2 nearest *other* members of R (at least 0).
 * Ties (equal scores, e.g. identical updates) go to the lower index, so the
 * choice is deterministic; the round orders updates by client id, so it does
 * not depend on arrival order either. Ties are not rare: with one neighbour
 * (|R| − f − 2 = 1) two mutual nearest neighbours always score the same, and
 * Bulyan's last picks score 0 or 1 neighbours when f ≤ 2.
 */

/** Krum scores of the members of `set` (indices into the n×n matrix `dist`). */
export function krumScores(dist: Float64Array, n: number, set: readonly number[], f: number): Float64Array {
  const neighbours = Math.max(0, set.length - f - 2);
  const scores = new Float64Array(set.length);
  const row = new Float64Array(Math.max(0, set.length - 1));
  for (let a = 0; a < set.length; a++) {
    const i = set[a];
    let r = 0;
    for (let b = 0; b < set.length; b++) if (b !== a) row[r++] = dist[i * n + set[b]];
    row.sort();
    let s = 0;
    for (let k = 0; k < neighbours; k++) s += row[k];
    scores[a] = s;
  }
  return scores;
}

/** The `m` members of `set` with the lowest scores, best first (ties: lower index). */
export function lowestScores(set: readonly number[], scores: Float64Array, m: number): number[] {
  const order = set.map((_, a) => a);
  order.sort((x, y) => scores[x] - scores[y] || set[x] - set[y]);
  return order.slice(0, m).map((a) => set[a]);
}

/** Multi-Krum's m picks from all n updates (m = 1: Krum). */
export function multiKrum(dist: Float64Array, n: number, f: number, m: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  return lowestScores(all, krumScores(dist, n, all, f), m);
}

/**
 * Bulyan's selection (El Mhamdi, Guerraoui, Rouault, ICML 2018): θ picks,
 * each by Krum on the updates not yet picked, rescored every time (not a
 * single Multi-Krum pass). Returns the picks in the order chosen.
 */
export function iteratedKrum(dist: Float64Array, n: number, f: number, theta: number): number[] {
  const remaining = Array.from({ length: n }, (_, i) => i);
  const picked: number[] = [];
  while (picked.length < theta) {
    const [best] = lowestScores(remaining, krumScores(dist, n, remaining, f), 1);
    picked.push(best);
    remaining.splice(remaining.indexOf(best), 1);
  }
  return picked;
}
