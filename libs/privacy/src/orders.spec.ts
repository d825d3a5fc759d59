import { ORDER_GRIDS, orderGrid } from './orders';

describe('order grids', () => {
  it('tf-privacy: 1.25 … 4.5, 5 … 63, 128, 256, 512', () => {
    const g = orderGrid('tf-privacy');
    expect(g.slice(0, 10)).toEqual([1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5]);
    expect(g.slice(10, 69)).toEqual(Array.from({ length: 59 }, (_, i) => 5 + i));
    expect(g.slice(69)).toEqual([128, 256, 512]);
  });

  it('dp-accounting: 1.1 … 10.9 (step 0.1), 11 … 63, 128, 256, 512, 1024', () => {
    const g = orderGrid('dp-accounting');
    expect(g).toHaveLength(99 + 53 + 4);
    expect(g[0]).toBe(1.1);
    expect(g[98]).toBe(10.9);
    expect(g[9]).toBe(2); // exact integer, so the integer series is used
    expect(g.slice(99, 152)).toEqual(Array.from({ length: 53 }, (_, i) => 11 + i));
    expect(g.slice(152)).toEqual([128, 256, 512, 1024]);
  });

  it('opacus: 1.1 … 10.9 (step 0.1), 12 … 63', () => {
    const g = orderGrid('opacus');
    expect(g).toHaveLength(99 + 52);
    expect(g.slice(99)).toEqual(Array.from({ length: 52 }, (_, i) => 12 + i));
  });

  it('lists exactly the three names, and grids are frozen', () => {
    expect(ORDER_GRIDS).toEqual(['tf-privacy', 'dp-accounting', 'opacus']);
    expect(Object.isFrozen(orderGrid('opacus'))).toBe(true);
  });
});
