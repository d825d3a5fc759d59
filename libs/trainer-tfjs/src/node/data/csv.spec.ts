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

  it('reads quoted header fields holding commas, quotes and newlines (RFC 4180)', () => {
    const ds = parseCsv('"width, cm","say ""hi""\nthere",label\n1,2,0\n"3","4",1\n', 'd');
    expect(ds).toMatchObject({ featureShape: [2], count: 2 });
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4]);
    // The header's names come through whole: select the label by a name with a comma in it.
    expect(Array.from(parseCsv('"a,b",x\n1,2\n', 'd', { label: 'a,b' }).y)).toEqual([1]);
    expect(() => parseCsv('"a,b",x\n1,2\n', 'd', { label: 'a' })).toThrow(/no column named 'a' \(columns: a,b, x\)/);
  });

  it('accepts CRLF line ends and a UTF-8 byte-order mark before the header', () => {
    const ds = parseCsv('\uFEFFlabel,f\r\n1,0.5\r\n0,0.25\r\n', 'd');
    expect(Array.from(ds.y)).toEqual([1, 0]);
    expect(Array.from(ds.x)).toEqual([0.5, 0.25]);
  });

  it('counts lines across quoted newlines in error messages', () => {
    expect(() => parseCsv('"a\nb",label\n1,0\nx,1\n', 'd', {}, 'f.csv')).toThrow(/CSV f\.csv: line 4, column 'a\nb': 'x' is not a number/);
  });

  it.each([
    ['a ragged row', 'a,label\n1,0\n1,2,3\n', {}, /line 3 has 3 fields, expected 2/],
    ['a non-numeric feature', 'a,label\n1,0\nx,1\n', {}, /line 3, column 'a': 'x' is not a number/],
    ['a fractional label', 'a,label\n1,0.5\n', {}, /line 2, label column 'label': '0.5' is not a class index/],
    ['an unclosed quote', 'a,label\n1,0\n"2,1\n', {}, /line 3: Quote Not Closed/],
    ['a quote inside an unquoted field', 'a,label\n1,0\n2"x,1\n', {}, /line 3: .*[Qq]uote/],
    ['an unknown label column', 'a,b\n1,0\n', { label: 'label' }, /no column named 'label' \(columns: a, b\)/],
    ['a label name without header', '1,0\n', { label: 'label' }, /has no header/],
    ['a label index out of range', '1,0\n', { label: 2 }, /outside \[0, 2\)/],
    ['one column only', 'label\n1\n', {}, /at least one feature column/],
    ['an empty file', '\n\n', {}, /no rows/],
    ['a header only', 'a,label\n', {}, /no data rows after the header/],
  ])('refuses %s with DATA_LOAD', (_, text, opts, message) => {
    expect(() => parseCsv(text, 'd', opts, 'f.csv')).toThrow(message);
    expect(() => parseCsv(text, 'd', opts)).toThrow(expect.objectContaining({ code: 'DATA_LOAD' }));
  });
});

describe(loadCsv.name, () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams a file from disk, and says when it cannot read it', async () => {
    const file = path.join(dir, 'iris.csv');
    fs.writeFileSync(file, '\uFEFFx,y,label\r\n0,1,2\r\n"1",0,1\r\n');
    expect(await loadCsv(file, 'iris')).toMatchObject({ count: 2, numClasses: 3, name: 'iris' });
    await expect(loadCsv(path.join(dir, 'missing.csv'), 'x')).rejects.toThrow(/cannot read .*missing\.csv/);
  });

  it('streams across many read chunks with the same result as parsing the text, and names the bad line of a big file', async () => {
    const rows = Array.from({ length: 8_000 }, (_, i) => `${i % 7},"${(i * 0.001).toFixed(3)}",${i}`);
    const text = 'label,"a, b",c\n' + rows.join('\n') + '\n';
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, text);
    const streamed = await loadCsv(file, 'big', {}, 4096); // ≈ 40 reads, records and quoted fields cut anywhere
    const parsed = parseCsv(text, 'big');
    expect(streamed.count).toBe(8_000);
    expect(Buffer.from(streamed.y.buffer).equals(Buffer.from(parsed.y.buffer))).toBe(true);
    expect(Buffer.from(streamed.x.buffer).equals(Buffer.from(parsed.x.buffer))).toBe(true);
    expect([streamed.x[2 * 6_789], streamed.x[2 * 6_789 + 1], streamed.y[6_789]]).toEqual([Math.fround(6.789), 6_789, 6_789 % 7]);
    fs.appendFileSync(file, '1,2\n');
    await expect(loadCsv(file, 'big', {}, 4096)).rejects.toThrow(/line 8002 has 2 fields, expected 3/);
  }, 30_000);
});
