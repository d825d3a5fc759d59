import { benchConfig, benchUpdates } from './aggregate-bench';

describe('bench aggregate', () => {
  it('defaults f to the most each rule tolerates at N and refuses unknown strategies', () => {
    expect(benchConfig({ strategy: 'krum' }, 50)).toEqual({ name: 'krum', f: 23, m: 1 });
    expect(benchConfig({ strategy: 'bulyan' }, 50)).toEqual({ name: 'bulyan', f: 11 });
    expect(benchConfig({ strategy: 'fedtrimmedavg', beta: '0.1' }, 50)).toEqual({ name: 'fedtrimmedavg', beta: 0.1 });
    expect(() => benchConfig({ strategy: 'sgd' }, 50)).toThrow(/--strategy must be one of/);
  });

  it('makes the last f updates far away', () => {
    const u = benchUpdates(5, 10, 2);
    expect(u.slice(0, 3).every((x) => x.every((v) => Math.abs(v) < 0.01))).toBe(true);
    expect(u.slice(3).every((x) => x.every((v) => v > 99))).toBe(true);
  });
});
