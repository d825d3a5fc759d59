import { cell, fields, fixed, table, when } from './output';

describe('output', () => {
  it('table: header, padded columns, last column unpadded, "-" for empty cells', () => {
    const rows = [
      { id: 'a1', name: 'alpha', n: 3, ok: true },
      { id: 'b22', name: null, n: 10, ok: false },
    ];
    const t = table(rows, [
      { header: 'ID', value: (r) => r.id },
      { header: 'NAME', value: (r) => r.name },
      { header: 'N', value: (r) => r.n },
      { header: 'OK', value: (r) => r.ok },
    ]);
    expect(t.split('\n')).toEqual(['ID   NAME   N   OK', 'a1   alpha  3   yes', 'b22  -      10  no']);
  });

  it('table of no rows says so', () => {
    expect(table([], [{ header: 'ID', value: () => 'x' }])).toBe('(none)');
  });

  it('fields aligns keys; cells never break a line', () => {
    expect(fields([['id', 'x'], ['longer key', 'a\nb']])).toBe('id:         x\nlonger key: a b');
    expect(cell(undefined)).toBe('-');
    expect(cell(0)).toBe('0');
  });

  it('when and fixed', () => {
    expect(when('2026-12-07T03:40:12.345Z')).toBe('2026-12-07 03:40:12');
    expect(when(null)).toBeNull();
    expect(when('garbage')).toBe('garbage');
    expect(fixed(0.123456)).toBe('0.1235');
    expect(fixed(null)).toBeNull();
    expect(fixed(Number.NaN)).toBeNull();
  });
});
