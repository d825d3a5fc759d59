import { parseDemoArgs } from './demo-args';

describe(parseDemoArgs.name, () => {
  it('defaults to 8 clients, 5 rounds, mnist', () => {
    expect(parseDemoArgs([])).toEqual({ clients: 8, rounds: 5, dataset: 'mnist', json: false, help: false });
  });
  it('reads every flag', () => {
    expect(parseDemoArgs(['--clients', '3', '--rounds', '2', '--dataset', 'fashion-mnist', '--json'])).toEqual({
      clients: 3,
      rounds: 2,
      dataset: 'fashion-mnist',
      json: true,
      help: false,
    });
  });
  it.each([
    [['--clients', '0'], '--clients must be an integer in [1, 64]'],
    [['--rounds', '1.5'], '--rounds must be an integer'],
    [['--dataset', 'cifar'], '--dataset must be one of mnist, fashion-mnist'],
    [['--nope'], "Unknown option '--nope'"],
  ])('refuses %j with code USAGE', (argv, msg) => {
    expect(() => parseDemoArgs(argv)).toThrow(msg);
    try {
      parseDemoArgs(argv);
    } catch (e) {
      expect((e as { code: string }).code).toBe('USAGE');
    }
  });
});
