import { dirichletPartition } from './dirichlet';

const CLASSES = 10;
const labels = Array.from({ length: 2000 }, (_, i) => i % CLASSES);

/** Mean total-variation distance between each client's label distribution and the global one (0 = IID, → 0.9 = one class each). */
function labelSkew(parts: number[][]): number {
  let tv = 0;
  for (const part of parts) {
    const counts = new Array(CLASSES).fill(0);
    for (const i of part) counts[labels[i]]++;
    tv += counts.reduce((s, c) => s + Math.abs(c / part.length - 1 / CLASSES), 0) / 2;
  }
  return tv / parts.length;
}

describe(dirichletPartition.name, () => {
  it('covers every index exactly once and gives every client at least one example', () => {
    for (const alpha of [0.05, 0.5, 100]) {
      const parts = dirichletPartition(labels, 20, alpha, 1);
      expect(parts).toHaveLength(20);
      expect(parts.every((p) => p.length > 0)).toBe(true);
      expect(parts.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(dirichletPartition(labels, 10, 0.5, 7)).toEqual(dirichletPartition(labels, 10, 0.5, 7));
    expect(dirichletPartition(labels, 10, 0.5, 7)).not.toEqual(dirichletPartition(labels, 10, 0.5, 8));
  });

  it('is visibly non-IID at α = 0.5 and close to IID at α = 1000', () => {
    const skewed = labelSkew(dirichletPartition(labels, 10, 0.5, 3));
    const iid = labelSkew(dirichletPartition(labels, 10, 1000, 3));
    expect(skewed).toBeGreaterThan(0.3);
    expect(iid).toBeLessThan(0.05);
  });

  it('fills empty clients even when a class-per-client split leaves most empty', () => {
    const parts = dirichletPartition([0, 0, 0, 0, 0, 0], 6, 1e-3, 1);
    expect(parts.map((p) => p.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('refuses bad arguments', () => {
    expect(() => dirichletPartition(labels, 0, 0.5, 1)).toThrow(/numClients/);
    expect(() => dirichletPartition([0, 1], 3, 0.5, 1)).toThrow(/numClients/);
    expect(() => dirichletPartition(labels, 2, 0, 1)).toThrow(/alpha/);
    expect(() => dirichletPartition([0, -1], 1, 1, 1)).toThrow(/labels\[1\]/);
    expect(() => dirichletPartition([0, 1.5], 1, 1, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
