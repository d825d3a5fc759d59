import { parseSimulateCli } from './simulate-args';

const TOKEN = `et_${'a'.repeat(32)}.${'b'.repeat(43)}`;

describe('simulate command line', () => {
  it('reads the simulation flags and the shared fl-client ones', () => {
    const o = parseSimulateCli(['--coordinator', 'http://127.0.0.1:3000/x', '--clients', '200', '--data', 'fashion-mnist?shard=i/200&alpha=0.5', '--workers', '3', '--json'], { FL_ENROLL_TOKEN: TOKEN });

    expect(o).toMatchObject({ coordinator: 'http://127.0.0.1:3000', clients: 200, data: 'fashion-mnist?shard=i/200&alpha=0.5', workers: 3, enrollToken: TOKEN, backend: 'auto', namePrefix: 'sim', connectConcurrency: 50, json: true, verbose: false });
  });

  it('defaults to one training thread per core', () => {
    const o = parseSimulateCli(['--coordinator', 'http://h:1', '--clients', '2', '--data', 'mnist?shard=i/2'], {});

    expect(o.workers).toBeGreaterThanOrEqual(1);
    expect(o.enrollToken).toBeUndefined();
  });

  it('reports every problem at once, never echoing the token', () => {
    let message = '';
    try {
      parseSimulateCli(['--clients', '0', '--data', 'mnist?shard=3/10', '--enroll-token', 'et_secret', '--workers', 'x'], {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/--coordinator is required/);
    expect(message).toMatch(/--clients must be an integer in \[1, 100000\]/);
    expect(message).toMatch(/--data must give each virtual client its own data/);
    expect(message).toMatch(/--workers must be an integer/);
    expect(message).toMatch(/--enroll-token must be a token/);
    expect(message).not.toMatch(/et_secret/);
  });
});
