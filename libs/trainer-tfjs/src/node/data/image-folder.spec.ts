import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { loadImageFolder } from './image-folder';

/** Writes a PNG whose pixels are all (r, g, b). */
function png(file: string, w: number, h: number, rgb: [number, number, number], colorType: 0 | 2) {
  const img = new PNG({ width: w, height: h });
  for (let p = 0; p < w * h; p++) img.data.set([...rgb, 255], 4 * p);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(img, { colorType }));
}

describe(loadImageFolder.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'img-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads grayscale digits with numeric class folders as [h, w, 1] in [0, 1]', () => {
    png(path.join(dir, '0', 'a.png'), 3, 2, [0, 0, 0], 0);
    png(path.join(dir, '3', 'a.png'), 3, 2, [255, 255, 255], 0);
    png(path.join(dir, '3', 'b.png'), 3, 2, [51, 51, 51], 0);
    fs.writeFileSync(path.join(dir, '3', 'notes.txt'), 'ignored');
    const ds = loadImageFolder(dir, 'digits');
    expect(ds).toMatchObject({ featureShape: [2, 3, 1], count: 3, numClasses: 4, name: 'digits' });
    expect(Array.from(ds.y)).toEqual([0, 3, 3]);
    expect(ds.x[6]).toBe(1);
    expect(ds.x[12]).toBeCloseTo(0.2, 6);
  });

  it('loads RGB images as [h, w, 3], named folders labelled in sorted order', () => {
    png(path.join(dir, 'dog', 'a.png'), 2, 2, [255, 0, 51], 2);
    png(path.join(dir, 'cat', 'a.png'), 2, 2, [0, 0, 0], 0);
    const ds = loadImageFolder(dir, 'pets');
    expect(ds.featureShape).toEqual([2, 2, 3]);
    expect(Array.from(ds.y)).toEqual([0, 1]); // cat, dog
    expect(Array.from(ds.x.subarray(12, 15))).toEqual([1, 0, Math.fround(0.2)]);
  });

  it('refuses images of different sizes, and folders without classes or images', () => {
    png(path.join(dir, 'a', '1.png'), 2, 2, [0, 0, 0], 0);
    expect(() => loadImageFolder(dir, 'x')).toThrow(/at least two class subfolders/);
    fs.mkdirSync(path.join(dir, 'b'));
    png(path.join(dir, 'b', '1.png'), 3, 2, [0, 0, 0], 0);
    expect(() => loadImageFolder(dir, 'x')).toThrow(/is 3×2, but .* is 2×2/);
    fs.writeFileSync(path.join(dir, 'b', '1.png'), 'not a png');
    expect(() => loadImageFolder(dir, 'x')).toThrow(expect.objectContaining({ code: 'DATA_LOAD', message: expect.stringMatching(/cannot decode/) }));
  });
});
