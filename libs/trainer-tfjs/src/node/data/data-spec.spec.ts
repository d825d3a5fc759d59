import { parseDataSpec } from './data-spec';

describe(parseDataSpec.name, () => {
  it('parses kind, path and options', () => {
    expect(parseDataSpec('mnist')).toEqual({ kind: 'mnist', seed: 0, test: 0 });
    expect(parseDataSpec('mnist?holdout=2000&shard=3/8&alpha=0.5&seed=7&test=0.1&limit=500&name=digits')).toEqual({
      kind: 'mnist', holdout: 2000, shard: { index: 3, count: 8 }, alpha: 0.5, seed: 7, test: 0.1, limit: 500, name: 'digits',
    });
    expect(parseDataSpec('csv:C:\\data\\iris.csv?label=species&header=true')).toEqual({
      kind: 'csv', path: 'C:\\data\\iris.csv', label: 'species', header: true, seed: 0, test: 0,
    });
    expect(parseDataSpec('csv:/d/x.csv?label=4').label).toBe(4);
    expect(parseDataSpec('images:/data/pets?classes=3&name=my%20pets')).toMatchObject({ path: '/data/pets', classes: 3, name: 'my pets' });
    expect(parseDataSpec('fashion-mnist')).toEqual({ kind: 'fashion-mnist', seed: 0, test: 0 });
  });

  it.each([
    ['cifar', /unknown kind 'cifar'/],
    ['idx', /kind 'idx' needs a path/],
    ['mnist:/x', /'mnist' takes no path/],
    ['csv:', /needs a path after the colon/],
    ['mnist?bogus=1', /unknown key 'bogus'/],
    ['mnist?holdout=-5', /holdout=-5: must be an integer >= 0/],
    ['mnist?holdout=1.5', /holdout=1.5/],
    ['mnist?tail=0', /tail=0: must be an integer >= 1/],
    ['mnist?tail=5&holdout=5', /holdout=N .* or tail=N .*, not both/],
    ['mnist?split=test', /split=test: applies only to IDX data/],
    ['fashion-mnist?split=dev', /split=dev: must be train or test/],
    ['mnist?limit=0', /limit=0: must be an integer >= 1/],
    ['mnist?shard=8/8', /shard=8\/8: must be i\/n with 0 <= i < n/],
    ['mnist?shard=2', /shard=2/],
    ['mnist?shard=0/4&alpha=0', /alpha=0: must be a number > 0/],
    ['mnist?alpha=0.5', /alpha needs shard=i\/n/],
    ['mnist?partition=/p.json', /partition=<file> and party=j go together/],
    ['mnist?party=1', /go together/],
    ['mnist?partition=/p.json&party=x', /party=x: must be an integer >= 0/],
    ['mnist?partition=/p.json&party=0&shard=0/2', /shard=i\/n or partition=<file>, not both/],
    ['mnist?test=1', /test=1: must be a fraction in \[0, 1\)/],
    ['mnist?label=x', /'label' applies only to csv/],
    ['csv:/a?header=yes', /header=yes: must be true or false/],
    ['mnist?seed=1&seed=2', /'seed' is given twice/],
    ['mnist?name=', /'name' needs a value/],
    ['', /non-empty/],
  ])('refuses %p naming the problem', (spec, message) => {
    expect(() => parseDataSpec(spec)).toThrow(message);
    expect(() => parseDataSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('lists every problem at once', () => {
    expect(() => parseDataSpec('mnist?holdout=x&limit=y')).toThrow(/holdout=x.*; limit=y/);
  });
});
