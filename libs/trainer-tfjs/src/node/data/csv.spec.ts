import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCsv, parseCsv } from './csv';

describe(parseCsv.name, () => {
  it('reads a header, picks the label column by name, keeps the other columns as features', () => {
    const ds = parseCsv('f1,label,f2\n0.5,1,2\n"1.5",0,-3e-1\n\n', 'd');
    expect(ds).toMatchObject({ featureShape: [2], count: 2, numClasses: 2 });
    expect(Array.from(ds.x)).toEqual([0.5, 2, 1.5, -0.3].map(Math.fround));
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });

  it('works without a header, label by index (default column 0)', () => {
    expect(Array.from(parseCsv('2,9,8\n0,7,6\n', 'd').y)).toEqual([2, 0]);
    const byIndex = parseCsv('9,8,2\r\n7,6,0\r\n', 'd', { label: 2, numClasses: 5 });
    expect(Array.from(byIndex.y)).toEqual([2, 0]);
    expect(byIndex.numClasses).toBe(5);
  });

  it.each([
    ['a ragged row', 'a,label\n1,0\n1,2,3\n', {}, /line 3 has 3 fields, expected 2/],
    ['a non-numeric feature', 'a,label\n1,0\nx,1\n', {}, /line 3, column 'a': 'x' is not a number/],
    ['a fractional label', 'a,label\n1,0.5\n', {}, /line 2, label column 'label': '0.5' is not a class index/],
    ['an unknown label column', 'a,b\n1,0\n', { label: 'label' }, /no column named 'label' \(columns: a, b\)/],
    ['a label name without header', '1,0\n', { label: 'label' }, /has no header/],
    ['a label index out of range', '1,0\n', { label: 2 }, /outside \[0, 2\)/],
    ['one column only', 'label\n1\n', {}, /at least one feature column/],
    ['an empty file', '\n\n', {}, /no rows/],
  ])('refuses %s with DATA_LOAD', (_, text, opts, message) => {
    expect(() => parseCsv(text, 'd', opts, 'f.csv')).toThrow(message);
    expect(() => parseCsv(text, 'd', opts)).toThrow(expect.objectContaining({ code: 'DATA_LOAD' }));
  });
});

describe(loadCsv.name, () => {
  it('reads a file from disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'iris.csv');
    fs.writeFileSync(file, 'x,y,label\n0,1,2\n1,0,1\n');
    expect(loadCsv(file, 'iris')).toMatchObject({ count: 2, numClasses: 3, name: 'iris' });
    expect(() => loadCsv(path.join(dir, 'missing.csv'), 'x')).toThrow(/cannot read/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
