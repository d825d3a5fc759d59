import { parseDemoArgs } from './demo-args';

describe(parseDemoArgs.name, () => {
  it('defaults to 8 clients, 5 rounds, mnist', () => {
    expect(parseDemoArgs([])).toEqual({ clients: 8, rounds: 5, dataset: 'mnist', plain: false, json: false, help: false });
  });
  it('reads every flag', () => {
    expect(parseDemoArgs(['--clients', '3', '--rounds', '2', '--dataset', 'fashion-mnist', '--json'])).toEqual({
      clients: 3,
      rounds: 2,
      dataset: 'fashion-mnist',
      plain: false,
      json: true,
      help: false,
    });
  });
  it('takes --plain, which also allows fewer than 3 clients', () => {
    expect(parseDemoArgs(['--clients', '2', '--plain'])).toMatchObject({ clients: 2, plain: true });
  });
  it.each([
    [['--clients', '0'], '--clients must be an integer in [1, 64]'],
    [['--rounds', '1.5'], '--rounds must be an integer'],
    [['--dataset', 'cifar'], '--dataset must be one of mnist, fashion-mnist'],
    [['--nope'], "Unknown option '--nope'"],
    [['--clients', '2'], 'secure aggregation needs at least 3 clients (got --clients 2); add --plain'],
  ])('refuses %j with code USAGE', (argv, msg) => {
    expect(() => parseDemoArgs(argv)).toThrow(msg);
    try {
      parseDemoArgs(argv);
    } catch (e) {
      expect((e as { code: string }).code).toBe('USAGE');
    }
  });
});
