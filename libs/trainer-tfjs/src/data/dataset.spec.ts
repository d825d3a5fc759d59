import { checkDataset, head, subset, type Dataset } from './dataset';
import { TrainerError } from '../errors';

const ds = (): Dataset => ({
  x: Float32Array.from([0, 1, 10, 11, 20, 21]),
  y: Int32Array.from([0, 1, 2]),
  featureShape: [2],
  numClasses: 3,
  count: 3,
  name: 't',
});

describe(checkDataset.name, () => {
  it('accepts a consistent dataset', () => {
    expect(checkDataset(ds())).toEqual(ds());
  });

  it.each([
    ['a label out of range', { y: Int32Array.from([0, 1, 3]) }, /label 3 at index 2/],
    ['a length mismatch', { count: 2 }, /y has 3 labels for count 2/],
    ['non-finite features', { x: Float32Array.from([0, 1, NaN, 11, 20, 21]) }, /NaN at index 2/],
    ['a bad feature shape', { featureShape: [0] }, /featureShape/],
    ['plain arrays', { x: [0, 1] as unknown as Float32Array }, /x must be a Float32Array/],
  ])('refuses %s with INVALID_DATA', (_, patch, message) => {
    const bad = { ...ds(), ...patch } as Dataset;
    expect(() => checkDataset(bad)).toThrow(message);
    expect(() => checkDataset(bad)).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
  });
});

describe(subset.name, () => {
  it('copies the chosen rows in the given order', () => {
    const s = subset(ds(), [2, 0]);
    expect(Array.from(s.x)).toEqual([20, 21, 0, 1]);
    expect(Array.from(s.y)).toEqual([2, 0]);
    expect(s.count).toBe(2);
  });

  it('refuses an index out of range', () => {
    expect(() => subset(ds(), [3])).toThrow(TrainerError);
  });
});

describe(head.name, () => {
  it('keeps the first n examples, clamped to the size', () => {
    expect(Array.from(head(ds(), 1).y)).toEqual([0]);
    expect(head(ds(), 10).count).toBe(3);
  });
});
