import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPartitionFile } from '@fl/fl-core';
import { FASHION_MNIST_DIR, loadDataSpec } from './load-data-spec';

describe(loadDataSpec.name, () => {
  let dir: string;
  let csv: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    csv = path.join(dir, 'points.csv');
    // 100 rows: feature = row index, label = index % 4
    fs.writeFileSync(csv, 'i,label\n' + Array.from({ length: 100 }, (_, i) => `${i},${i % 4}`).join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const rows = (x: Float32Array) => Array.from(x);

  it('defaults the name to the file name and returns no test split', async () => {
    const r = await loadDataSpec(`csv:${csv}`);
    expect(r.name).toBe('points');
    expect(r.train).toMatchObject({ count: 100, name: 'points', numClasses: 4 });
    expect(r.test).toBeNull();
  });

  it('drops the last `holdout` examples, then keeps the first `limit`', async () => {
    expect(rows((await loadDataSpec(`csv:${csv}?holdout=30`)).train.x)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(rows((await loadDataSpec(`csv:${csv}?holdout=30&limit=5`)).train.x)).toEqual([0, 1, 2, 3, 4]);
    await expect(loadDataSpec(`csv:${csv}?holdout=100`)).rejects.toThrow(/leaves no examples/);
  });

  it('keeps exactly the last `tail` examples, those `holdout` drops', async () => {
    expect(rows((await loadDataSpec(`csv:${csv}?tail=30`)).train.x)).toEqual(Array.from({ length: 30 }, (_, i) => 70 + i));
    expect(rows((await loadDataSpec(`csv:${csv}?tail=30&limit=2`)).train.x)).toEqual([70, 71]);
    await expect(loadDataSpec(`csv:${csv}?tail=101`)).rejects.toThrow(/more examples than the dataset has/);
  });

  it.each(['', '&alpha=0.3'])('shards%s are disjoint, cover the pool, and never touch the holdout', async (alpha) => {
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push(...rows((await loadDataSpec(`csv:${csv}?holdout=20&shard=${i}/4&seed=9${alpha}`)).train.x));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });

  it('makes IID shards of near-equal size and label-skewed Dirichlet shards', async () => {
    const iid = [];
    for (const i of [0, 1, 2]) iid.push((await loadDataSpec(`csv:${csv}?shard=${i}/3`)).train.count);
    expect(iid).toEqual([33, 33, 34]);
    const skewed = (await loadDataSpec(`csv:${csv}?shard=0/4&alpha=0.1&seed=1`)).train;
    const counts = [0, 1, 2, 3].map((c) => skewed.y.filter((y) => y === c).length);
    expect(Math.max(...counts)).toBeGreaterThan(0.6 * skewed.count);
  });

  it('keeps party j of a partition document, in the document\'s order, after holdout', async () => {
    const labels = Array.from({ length: 80 }, (_, i) => i % 4);
    const doc = createPartitionFile(labels, 4, 'labels:1', 3);
    const file = path.join(dir, 'partition.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    for (let j = 0; j < 4; j++) {
      const r = (await loadDataSpec(`csv:${csv}?holdout=20&partition=${file}&party=${j}`)).train;
      expect(rows(r.x)).toEqual(doc.parties[j]);
      expect(new Set(r.y)).toEqual(new Set([j]));
    }
    await expect(loadDataSpec(`csv:${csv}?partition=${file}&party=0`)).rejects.toThrow(/indexes 80 examples but the data has 100/);
    await expect(loadDataSpec(`csv:${csv}?holdout=20&partition=${file}&party=4`)).rejects.toThrow(/has 4 parties/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"format":"x"}');
    await expect(loadDataSpec(`csv:${csv}?holdout=20&partition=${path.join(dir, 'bad.json')}&party=0`)).rejects.toThrow(expect.objectContaining({ code: 'DATA_LOAD' }));
  });

  it('splits off a local test set with `test`', async () => {
    const r = await loadDataSpec(`csv:${csv}?test=0.25&name=pts`);
    expect([r.train.count, r.test?.count, r.name, r.test?.name]).toEqual([75, 25, 'pts', 'pts']);
  });

  it('loads the mnist package and Fashion-MNIST, or says how to install it', async () => {
    expect((await loadDataSpec('mnist?holdout=2000&limit=100')).train).toMatchObject({ count: 100, name: 'mnist' });
    await expect(loadDataSpec(`fashion-mnist:${path.join(dir, 'none')}`)).rejects.toThrow(/apt-get install dataset-fashion-mnist/);
    if (fs.existsSync(FASHION_MNIST_DIR)) {
      const f = (await loadDataSpec('fashion-mnist?limit=10')).train;
      expect(f).toMatchObject({ count: 10, featureShape: [28, 28, 1], numClasses: 10, name: 'fashion-mnist' });
    }
  });
});
