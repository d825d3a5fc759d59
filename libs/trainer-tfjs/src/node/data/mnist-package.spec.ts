import { loadMnistPackage } from './mnist-package';

describe(loadMnistPackage.name, () => {
  const ds = loadMnistPackage();

  it('holds about 10 000 28×28 digits of 10 classes in [0, 1]', () => {
    expect(ds).toMatchObject({ featureShape: [28, 28, 1], numClasses: 10, name: 'mnist' });
    expect(ds.count).toBeGreaterThan(9_900);
    expect(ds.x.length).toBe(ds.count * 784);
    let min = Infinity;
    let max = -Infinity;
    const x = ds.x;
    for (let i = 0; i < x.length; i++) {
      if (x[i] < min) min = x[i];
      if (x[i] > max) max = x[i];
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('interleaves the classes deterministically, so the last 2 000 hold every class', () => {
    const again = loadMnistPackage('other');
    expect(Buffer.from(again.y.buffer).equals(Buffer.from(ds.y.buffer))).toBe(true);
    const tail = new Array(10).fill(0);
    for (let i = ds.count - 2000; i < ds.count; i++) tail[ds.y[i]]++;
    for (const n of tail) expect(n).toBeGreaterThan(120);
  });
});
