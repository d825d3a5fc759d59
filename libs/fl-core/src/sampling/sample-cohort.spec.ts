import { createRng } from './rng';
import { sampleCohort } from './sample-cohort';

const ids = Array.from({ length: 50 }, (_, i) => `client-${i}`);

describe(sampleCohort.name, () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(sampleCohort(ids, 10, createRng(5))).toEqual(sampleCohort(ids, 10, createRng(5)));
    expect(sampleCohort(ids, 10, createRng(5))).not.toEqual(sampleCohort(ids, 10, createRng(6)));
  });

  it('draws without replacement from the eligible ids and leaves the input alone', () => {
    const copy = [...ids];
    for (let seed = 0; seed < 50; seed++) {
      const c = sampleCohort(ids, 13, createRng(seed));
      expect(c).toHaveLength(13);
      expect(new Set(c).size).toBe(13);
      for (const id of c) expect(ids).toContain(id);
    }
    expect(ids).toEqual(copy);
  });

  it('returns everyone, shuffled, when count >= eligible', () => {
    const c = sampleCohort(ids, 80, createRng(3));
    expect([...c].sort()).toEqual([...ids].sort());
    expect(c).not.toEqual(ids);
    expect(sampleCohort([], 3, createRng(3))).toEqual([]);
    expect(sampleCohort(ids, 0, createRng(3))).toEqual([]);
  });

  it('samples uniformly: every id is picked about equally often', () => {
    const rng = createRng(11);
    const hits = new Map(ids.map((id) => [id, 0]));
    for (let t = 0; t < 2000; t++) for (const id of sampleCohort(ids, 5, rng)) hits.set(id, hits.get(id)! + 1);
    for (const h of hits.values()) expect(Math.abs(h - 200)).toBeLessThan(70); // mean 200, σ ≈ 13
  });

  it('refuses duplicate ids and bad counts', () => {
    expect(() => sampleCohort(['a', 'a'], 1, createRng(1))).toThrow(/distinct/);
    expect(() => sampleCohort(ids, -1, createRng(1))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
