import { clientDataSpec, templateProblem } from './client-data-spec';

describe('simulation data templates', () => {
  it('puts the client index where the template says i', () => {
    expect(clientDataSpec('fashion-mnist?shard=i/200&alpha=0.5', 17)).toBe('fashion-mnist?shard=17/200&alpha=0.5');
    expect(clientDataSpec('mnist?holdout=2000&shard=i/8&seed=3', 0)).toBe('mnist?holdout=2000&shard=0/8&seed=3');
    expect(clientDataSpec('idx:/data/i?partition=/p/i.json&party=i', 4)).toBe('idx:/data/i?partition=/p/i.json&party=4');
    expect(clientDataSpec('mnist?party=i&partition=p.json', 2)).toBe('mnist?party=2&partition=p.json');
  });

  it('leaves every other i alone', () => {
    expect(clientDataSpec('images:/srv/i?name=i&shard=i/4', 1)).toBe('images:/srv/i?name=i&shard=1/4');
  });

  it('accepts a template naming the index once and refuses one without it or with both', () => {
    expect(templateProblem('mnist?shard=i/10')).toBeNull();
    expect(templateProblem('mnist?partition=p.json&party=i')).toBeNull();
    expect(templateProblem('mnist?shard=3/10')).toMatch(/shard=i\/N/);
    expect(templateProblem('mnist')).toMatch(/its own data/);
    expect(templateProblem('mnist?shard=i/10&party=i')).toMatch(/not both/);
  });

  it('refuses a negative or fractional index', () => {
    expect(() => clientDataSpec('mnist?shard=i/10', -1)).toThrow(RangeError);
    expect(() => clientDataSpec('mnist?shard=i/10', 1.5)).toThrow(RangeError);
  });
});
