import { parseAttackOptions } from './attack-options';

describe(parseAttackOptions.name, () => {
  it('defaults to every attack against every defence, the secure attacks against the secure job, 10 rounds of 2 epochs', () => {
    const o = parseAttackOptions({});
    expect(o).toMatchObject({ rounds: 10, localEpochs: 2, roundDeadlineSeconds: 60, quick: false });
    expect(o.rows).toHaveLength(4 * 5 + 2);
    expect(o.rows.slice(0, 5).map((r) => `${r.attack}/${r.defence}`)).toEqual(['sign-flip/fedavg-unbounded', 'sign-flip/fedavg', 'sign-flip/median', 'sign-flip/trimmed-mean', 'sign-flip/multi-krum']);
    expect(o.rows.slice(-2)).toEqual([
      { attack: 'weight-wrap', defence: 'secure' },
      { attack: 'coordinate-wrap', defence: 'secure' },
    ]);
  });

  it('selects attacks and defences, in the canonical order', () => {
    const o = parseAttackOptions({ attacks: 'coordinate-wrap,huge', defences: 'median,fedavg', rounds: '4' });
    expect(o.rows).toEqual([
      { attack: 'huge', defence: 'fedavg' },
      { attack: 'huge', defence: 'median' },
      { attack: 'coordinate-wrap', defence: 'secure' },
    ]);
    expect(o.rounds).toBe(4);
  });

  it('--quick: 3 rounds of 1 epoch and its fixed rows', () => {
    expect(parseAttackOptions({ quick: true })).toMatchObject({ rounds: 3, localEpochs: 1, quick: true, rows: [{ attack: 'sign-flip', defence: 'fedavg-unbounded' }, { attack: 'sign-flip', defence: 'trimmed-mean' }] });
  });

  it.each([
    [{ attacks: 'sign-flip,nope' }, '--attacks takes a comma-separated list of'],
    [{ defences: '' }, '--defences takes a comma-separated list of'],
    [{ quick: true, attacks: 'huge' }, '--quick runs a fixed set of rows'],
    [{ rounds: '0' }, '--rounds must be an integer in [1, 1000]'],
  ])('refuses %j with code USAGE', (values, msg) => {
    expect(() => parseAttackOptions(values)).toThrow(msg);
    expect(() => parseAttackOptions(values)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
