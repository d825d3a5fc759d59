import { parseCli } from './args';

const URL_ = 'http://127.0.0.1:3000';

describe(parseCli.name, () => {
  it('parses a full command line', () => {
    // Prepare / Execute
    const o = parseCli(['--coordinator', URL_ + '/', '--data', 'mnist?shard=0/8', '--name', 'a', '--backend', 'wasm', '--json', '--identity', '/tmp/a.json'], {});
    // Assert
    expect(o).toEqual({ coordinator: URL_, data: 'mnist?shard=0/8', name: 'a', backend: 'wasm', echo: false, examples: 100, allowSemiHonest: false, json: true, help: false, identity: '/tmp/a.json' });
  });

  it('defaults the backend to auto and the name to host-pid', () => {
    const o = parseCli(['--coordinator', URL_, '--data', 'mnist']);
    expect(o.backend).toBe('auto');
    expect(o.name).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('lets echo mode claim a dataset name and example count without data', () => {
    const o = parseCli(['--coordinator', URL_, '--echo', '--examples', '250']);
    expect(o).toMatchObject({ echo: true, data: 'synthetic', examples: 250 });
  });

  it('takes --attack (command line only) and refuses it with --echo (but unclipped) or an unknown name', () => {
    expect(parseCli(['--coordinator', URL_, '--data', 'mnist', '--attack', 'sign-flip'], {}).attack).toBe('sign-flip');
    expect(parseCli(['--coordinator', URL_, '--data', 'mnist'], { FL_ATTACK: 'huge' }).attack).toBeUndefined();
    expect(() => parseCli(['--coordinator', URL_, '--echo', '--attack', 'huge'], {})).toThrow('--attack huge needs real training');
    expect(parseCli(['--coordinator', URL_, '--echo', '--attack', 'unclipped'], {}).attack).toBe('unclipped'); // replaces the ring words: no training
    expect(() => parseCli(['--coordinator', URL_, '--data', 'mnist', '--attack', 'nope'], {})).toThrow('--attack must be one of sign-flip, huge');
    expect(parseCli(['--coordinator', URL_, '--data', 'mnist', '--attack', 'weight-wrap', '--colluders', '2'], {}).colluders).toBe(2);
    expect(() => parseCli(['--coordinator', URL_, '--data', 'mnist', '--colluders', '2'], {})).toThrow('--colluders only applies with --attack');
  });

  it('reports every problem at once with code USAGE', () => {
    let err: unknown;
    try {
      parseCli(['--backend', 'gpu', '--name', '']);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'USAGE' });
    const msg = (err as Error).message;
    expect(msg).toContain('--coordinator is required');
    expect(msg).toContain('--data is required');
    expect(msg).toContain('--backend must be one of auto, tensorflow, wasm, cpu');
    expect(msg).toContain('--name must be');
  });

  it.each([
    [['--coordinator', 'ftp://x', '--data', 'mnist'], '--coordinator must be an http(s) URL'],
    [['--coordinator', 'not a url', '--data', 'mnist'], '--coordinator must be an http(s) URL'],
    [['--coordinator', URL_, '--data', 'mnist', '--examples', '5'], '--examples only applies with --echo'],
    [['--coordinator', URL_, '--echo', '--examples', '0'], '--examples must be a positive integer'],
    [['--coordinator', URL_, '--data', 'mnist', '--bogus'], "Unknown option '--bogus'"],
    [['--coordinator', URL_, 'stray'], 'positional'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('takes an enrollment token from --enroll-token or FL_ENROLL_TOKEN, checking its shape', () => {
    const t = `et_${'ab'.repeat(16)}.${'x'.repeat(43)}`;
    expect(parseCli(['--coordinator', URL_, '--echo', '--enroll-token', t], {}).enrollToken).toBe(t);
    expect(parseCli(['--coordinator', URL_, '--echo'], { FL_ENROLL_TOKEN: t }).enrollToken).toBe(t);
    expect(parseCli(['--coordinator', URL_, '--echo'], {}).enrollToken).toBeUndefined();
    expect(() => parseCli(['--coordinator', URL_, '--echo', '--enroll-token', 'secret'], {})).toThrow(/--enroll-token must be a token/);
    expect(() => parseCli(['--coordinator', URL_, '--echo'], { FL_ENROLL_TOKEN: 'secret' })).toThrow(/^FL_ENROLL_TOKEN must be a token[^]*$/);
  });

  it('takes a private CA from --ca or FL_CA (the flag wins), and refuses an empty one', () => {
    expect(parseCli(['--coordinator', URL_, '--echo', '--ca', '/tmp/ca.pem'], {}).ca).toBe('/tmp/ca.pem');
    expect(parseCli(['--coordinator', URL_, '--echo'], { FL_CA: '/etc/ca.pem' }).ca).toBe('/etc/ca.pem');
    expect(parseCli(['--coordinator', URL_, '--echo', '--ca', '/tmp/a.pem'], { FL_CA: '/etc/ca.pem' }).ca).toBe('/tmp/a.pem');
    expect(parseCli(['--coordinator', URL_, '--echo'], {}).ca).toBeUndefined();
    expect(() => parseCli(['--coordinator', URL_, '--echo', '--ca', ' '], {})).toThrow('--ca needs a file name');
  });

  it('takes an identity file', () => {
    expect(parseCli(['--coordinator', URL_, '--echo', '--identity', '/tmp/id.json']).identity).toBe('/tmp/id.json');
    expect(parseCli(['--coordinator', URL_, '--echo', '--name', 'site/a'], { XDG_CONFIG_HOME: '/cfg' }).identity).toBe('/cfg/fedlearn/identity-site_a.json');
    expect(parseCli(['--coordinator', URL_, '--echo', '--name', 'b'], { HOME: '/home/x' }).identity).toMatch(/\/\.config\/fedlearn\/identity-b\.json$/);
    expect(() => parseCli(['--coordinator', URL_, '--echo', '--identity', ''])).toThrow('--identity needs a file name');
  });

  it('takes a fault to inject and refuses unknown ones', () => {
    expect(parseCli(['--coordinator', URL_, '--echo', '--fault', 'exit-after-share-keys']).fault).toBe('exit-after-share-keys');
    expect(() => parseCli(['--coordinator', URL_, '--echo', '--fault', 'crash'])).toThrow('--fault must be one of exit-after-share-keys');
  });

  it('reads FL_* fallbacks for the deployment flags; a flag beats its variable and an empty one counts as unset', () => {
    const env = { FL_COORDINATOR: 'https://fl.example:8443/x', FL_DATA: 'mnist', FL_NAME: 'site-env', FL_BACKEND: 'cpu', FL_IDENTITY: '/etc/fl/id.json' };
    expect(parseCli([], env)).toMatchObject({ coordinator: 'https://fl.example:8443', data: 'mnist', name: 'site-env', backend: 'cpu', identity: '/etc/fl/id.json' });
    expect(parseCli(['--backend', 'wasm', '--name', 'site-flag'], env)).toMatchObject({ backend: 'wasm', name: 'site-flag' });
    expect(parseCli(['--coordinator', URL_, '--echo'], { FL_BACKEND: '' }).backend).toBe('auto');
    expect(() => parseCli(['--data', 'mnist'], { FL_COORDINATOR: 'ftp://x', FL_BACKEND: 'gpu' })).toThrow(/FL_COORDINATOR must be an http\(s\) URL[^]*FL_BACKEND must be one of/);
  });

  it('accepts --help without the required options', () => {
    expect(parseCli(['--help']).help).toBe(true);
  });

  it('reads the privacy policy flags (and their FL_* variables) into one policy, and refuses bad values', () => {
    const o = parseCli(['--coordinator', 'http://h:1', '--data', 'mnist', '--require-dp', '--min-noise', '1.1', '--max-epsilon', '8', '--require-secure', 'active', '--min-cohort', '10', '--min-threshold', '4'], {});
    expect(o.privacyPolicy).toEqual({ requireDp: true, minNoiseMultiplier: 1.1, maxEpsilon: 8, requireSecure: 'active', minCohort: 10, minThreshold: 4 });
    expect(parseCli(['--coordinator', 'http://h:1', '--data', 'mnist'], { FL_MAX_EPSILON: '2' }).privacyPolicy).toEqual({ maxEpsilon: 2 });
    expect(parseCli(['--coordinator', 'http://h:1', '--data', 'mnist'], {}).privacyPolicy).toBeUndefined();
    expect(() => parseCli(['--coordinator', 'http://h:1', '--data', 'mnist', '--min-noise', '0', '--require-secure', 'maybe'], {})).toThrow(/--min-noise must be in \(0, 1000000\][\s\S]*--require-secure must be one of/);
  });
});
