import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { findIdxPair, loadIdx, loadIdxDir, parseIdx } from './idx';

/** IDX bytes: 0, 0, type, rank, big-endian dims, data. */
function idx(dims: number[], data: number[], type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

describe(loadIdx.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idx-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const images = idx([3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8]);
  const labels = idx([3], [7, 0, 9]);

  it('loads plain and gzipped files alike, scaling pixels to [0, 1]', () => {
    fs.writeFileSync(path.join(dir, 'a-images-idx3-ubyte'), images);
    fs.writeFileSync(path.join(dir, 'a-labels-idx1-ubyte.gz'), gzipSync(labels));
    const ds = loadIdx(path.join(dir, 'a-images-idx3-ubyte'), path.join(dir, 'a-labels-idx1-ubyte.gz'), 'tiny');
    expect(ds).toMatchObject({ featureShape: [2, 2, 1], numClasses: 10, count: 3, name: 'tiny' });
    expect(Array.from(ds.x.subarray(0, 4))).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(Array.from(ds.y)).toEqual([7, 0, 9]);
  });

  it('prefers the train pair in a directory with train and t10k', () => {
    for (const p of ['train', 't10k']) {
      fs.writeFileSync(path.join(dir, `${p}-images-idx3-ubyte.gz`), gzipSync(images));
      fs.writeFileSync(path.join(dir, `${p}-labels-idx1-ubyte.gz`), gzipSync(labels));
    }
    expect(path.basename(findIdxPair(dir).images)).toBe('train-images-idx3-ubyte.gz');
    expect(loadIdxDir(dir, 'd').count).toBe(3);
    expect(path.basename(findIdxPair(dir, 'test').labels)).toBe('t10k-labels-idx1-ubyte.gz');
  });

  it('refuses split test in a directory without a test pair', () => {
    fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(images));
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
    expect(() => findIdxPair(dir, 'test')).toThrow(/no IDX test pair/);
  });

  it('refuses a directory without a pair, or with several and no train', () => {
    expect(() => findIdxPair(dir)).toThrow(/no IDX pair/);
    for (const p of ['a', 'b']) {
      fs.writeFileSync(path.join(dir, `${p}-images-idx3-ubyte`), images);
      fs.writeFileSync(path.join(dir, `${p}-labels-idx1-ubyte`), labels);
    }
    expect(() => findIdxPair(dir)).toThrow(/several IDX pairs .* \(a, b\)/);
  });

  it('refuses a label count that differs from the image count', () => {
    fs.writeFileSync(path.join(dir, 'i'), images);
    fs.writeFileSync(path.join(dir, 'l'), idx([2], [1, 2]));
    expect(() => loadIdx(path.join(dir, 'i'), path.join(dir, 'l'), 'x')).toThrow(/2 labels for 3 images/);
  });

  it('reports a missing file as DATA_LOAD', () => {
    expect(() => loadIdx(path.join(dir, 'nope'), path.join(dir, 'nope'), 'x')).toThrow(expect.objectContaining({ code: 'DATA_LOAD' }));
  });
});

describe(parseIdx.name, () => {
  it.each([
    ['a bad magic', Buffer.from([1, 0, 8, 1, 0, 0, 0, 0]), /bad magic/],
    ['an unsupported type', idx([1], [0, 0, 0, 0], 0x0d), /data type 0x0d is not supported/],
    ['a truncated body', idx([2, 2, 2], [1, 2, 3]), /need 8 data bytes, file has 3/],
    ['a truncated header', Buffer.from([0, 0, 8, 3, 0, 0]), /truncated header/],
    ['a tiny file', Buffer.from([0, 0]), /too short/],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => parseIdx(bytes, 'f')).toThrow(message);
  });
});
