import { MIN_PARTY_SIZE, partitionLabels } from './niid-partitions';
import { formatPartitionSpec, parsePartitionSpec, type PartitionSpec } from './partition-spec';
import { createPartitionFile, parsePartitionFile } from './partition-file';

const CLASSES = 10;
/** 6 000 labels, unevenly many per class (class c has 400 + 40·c examples), in a scrambled order. */
const labels: number[] = [];
for (let c = 0; c < CLASSES; c++) for (let i = 0; i < 400 + 40 * c; i++) labels.push(c);
for (let i = labels.length - 1; i > 0; i--) {
  const j = (i * 7919) % (i + 1);
  [labels[i], labels[j]] = [labels[j], labels[i]];
}

function expectDisjointCovering(parts: number[][], count = labels.length): void {
  const all = parts.flat();
  expect(new Set(all).size).toBe(all.length);
  expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
}

const classesOf = (part: number[]) => new Set(part.map((i) => labels[i]));

describe(partitionLabels.name, () => {
  const specs: PartitionSpec[] = [{ kind: 'iid' }, { kind: 'dir', beta: 0.5 }, { kind: 'dir', beta: 0.1 }, { kind: 'labels', k: 1 }, { kind: 'labels', k: 2 }, { kind: 'labels', k: 3 }, { kind: 'labels', k: 10 }, { kind: 'quantity', beta: 0.5 }];

  it.each(specs.map((s) => [formatPartitionSpec(s), s]))('%s over 10 parties is disjoint and covers every example', (_, spec) => {
    const parts = partitionLabels(labels, 10, spec, 3);
    expect(parts).toHaveLength(10);
    expectDisjointCovering(parts);
  });

  it.each(specs.map((s) => [formatPartitionSpec(s), s]))('%s is deterministic for a seed and differs across seeds', (_, spec) => {
    expect(partitionLabels(labels, 10, spec, 11)).toEqual(partitionLabels(labels, 10, spec, 11));
    expect(partitionLabels(labels, 10, spec, 11)).not.toEqual(partitionLabels(labels, 10, spec, 12));
  });

  it('iid: sizes differ by at most one and every party sees every class', () => {
    const parts = partitionLabels(labels, 7, { kind: 'iid' }, 1);
    const sizes = parts.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const p of parts) expect(classesOf(p).size).toBe(CLASSES);
  });

  it('dir:β gives every party at least 10 examples, skews labels more for small β, and caps parties near N/n', () => {
    const skew = (beta: number) => {
      let tv = 0;
      for (let seed = 0; seed < 5; seed++) {
        const parts = partitionLabels(labels, 10, { kind: 'dir', beta }, seed);
        for (const p of parts) {
          expect(p.length).toBeGreaterThanOrEqual(MIN_PARTY_SIZE);
          const counts = new Array(CLASSES).fill(0);
          for (const i of p) counts[labels[i]]++;
          const global = (c: number) => (400 + 40 * c) / labels.length;
          tv += counts.reduce((s, n, c) => s + Math.abs(n / p.length - global(c)), 0) / 2 / parts.length;
        }
      }
      return tv / 5;
    };
    expect(skew(0.1)).toBeGreaterThan(skew(0.5));
    expect(skew(0.5)).toBeGreaterThan(skew(100));
    expect(skew(100)).toBeLessThan(0.1);
    // A party stops receiving once it holds N/n; it can exceed that only by the class that crossed it.
    const largestClass = 400 + 40 * (CLASSES - 1);
    for (const p of partitionLabels(labels, 10, { kind: 'dir', beta: 0.1 }, 4)) expect(p.length).toBeLessThan(labels.length / 10 + largestClass);
  });

  it('dir:β with few examples per party re-draws until every party has 10, and refuses when that is impossible', () => {
    const small = labels.slice(0, 120);
    for (let seed = 0; seed < 10; seed++) for (const p of partitionLabels(small, 10, { kind: 'dir', beta: 0.5 }, seed)) expect(p.length).toBeGreaterThanOrEqual(10);
    expect(() => partitionLabels(labels.slice(0, 99), 10, { kind: 'dir', beta: 0.5 }, 1)).toThrow(/at least 10 examples per party/);
  });

  it.each([1, 2, 3, 5])('labels:%i gives each party exactly K classes, party i holding class i mod 10', (k) => {
    const parts = partitionLabels(labels, 10, { kind: 'labels', k }, 5);
    parts.forEach((p, i) => {
      expect(classesOf(p).size).toBe(k);
      expect(classesOf(p).has(i % CLASSES)).toBe(true);
    });
  });

  it('labels:K splits each class evenly among the parties holding it', () => {
    const parts = partitionLabels(labels, 10, { kind: 'labels', k: 10 }, 5);
    for (let c = 0; c < CLASSES; c++) {
      const counts = parts.map((p) => p.filter((i) => labels[i] === c).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('labels:K leaves out the classes no party holds (fewer parties than classes) and refuses K above the classes', () => {
    const parts = partitionLabels(labels, 3, { kind: 'labels', k: 1 }, 5);
    expect(parts.map((p) => [...classesOf(p)])).toEqual([[0], [1], [2]]);
    expect(parts.flat().length).toBe(labels.filter((y) => y < 3).length);
    expect(() => partitionLabels(labels, 10, { kind: 'labels', k: 11 }, 1)).toThrow(/exceeds the 10 classes/);
  });

  it('quantity:β keeps labels IID but spreads sizes, each party with at least 10', () => {
    const parts = partitionLabels(labels, 10, { kind: 'quantity', beta: 0.5 }, 2);
    const sizes = parts.map((p) => p.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_PARTY_SIZE);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeGreaterThan(2);
  });

  it.each([
    ['zero parties', [0, 1], 0, { kind: 'iid' }, 1, /parties must be an integer/],
    ['more parties than examples', [0, 1], 3, { kind: 'iid' }, 1, /parties must be an integer/],
    ['a negative label', [0, -1], 1, { kind: 'iid' }, 1, /labels\[1\]/],
    ['a fractional seed', [0, 1], 1, { kind: 'iid' }, 0.5, /seed must be/],
  ])('refuses %s', (_, ls, n, spec, seed, message) => {
    expect(() => partitionLabels(ls as number[], n as number, spec as PartitionSpec, seed as number)).toThrow(message as RegExp);
  });
});

describe(parsePartitionSpec.name, () => {
  it.each([
    ['iid', { kind: 'iid' }],
    ['dir:0.5', { kind: 'dir', beta: 0.5 }],
    ['labels:2', { kind: 'labels', k: 2 }],
    ['quantity:1e-1', { kind: 'quantity', beta: 0.1 }],
  ])('parses %s', (text, spec) => {
    expect(parsePartitionSpec(text)).toEqual(spec);
    expect(parsePartitionSpec(formatPartitionSpec(spec as PartitionSpec))).toEqual(spec);
  });

  it.each(['', 'dir', 'dir:0', 'dir:-1', 'dir:x', 'labels:0', 'labels:1.5', 'quantity:', 'shards:2', 'iid:1'])('refuses %j', (text) => {
    expect(() => parsePartitionSpec(text)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is not a partition') }));
  });
});

describe('partition file', () => {
  it('round-trips through JSON with its seed and spec, and the same seed rebuilds it', () => {
    const doc = createPartitionFile(labels, 10, 'dir:0.5', 9);
    expect(doc).toMatchObject({ format: 'fl-partition/1', partition: 'dir:0.5', seed: 9, examples: labels.length, classes: 10 });
    const back = parsePartitionFile(JSON.stringify(doc));
    expect(back).toEqual(doc);
    expect(createPartitionFile(labels, 10, back.partition, back.seed).parties).toEqual(doc.parties);
  });

  const good = { format: 'fl-partition/1', partition: 'iid', seed: 1, examples: 4, classes: 2, parties: [[0, 1], [2, 3]] };
  it.each([
    ['not JSON', '{', /not JSON/],
    ['a wrong format tag', JSON.stringify({ ...good, format: 'x' }), /format must be/],
    ['a bad spec', JSON.stringify({ ...good, partition: 'dir:0' }), /is not a partition/],
    ['an index out of range', JSON.stringify({ ...good, parties: [[0, 4]] }), /holds 4, not an index in \[0, 4\)/],
    ['a duplicate index', JSON.stringify({ ...good, parties: [[0, 1], [1]] }), /index 1 appears twice/],
    ['no parties', JSON.stringify({ ...good, parties: [] }), /non-empty list/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parsePartitionFile(text)).toThrow(message);
  });
});
