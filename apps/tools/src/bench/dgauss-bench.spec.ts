import { dgaussBench } from './dgauss-bench';

describe('bench dgauss', () => {
  it('reports samples/s and the chain time as JSON-ready numbers', async () => {
    const lines: string[] = [];
    const r = (await dgaussBench.run({ dim: '1000', runs: '2', sigma: '3' }, { say: (l) => lines.push(l), json: false })) as Record<string, unknown>;
    expect(r).toMatchObject({ bench: 'dgauss', dim: 1000, sigma: 3, runs: 2 });
    const sps = r.samplesPerSecond as { median: number; min: number; max: number };
    expect(sps.min).toBeGreaterThan(0);
    expect(sps.min).toBeLessThanOrEqual(sps.median);
    expect((r.encodeSeconds as { median: number }).median).toBeGreaterThan(0);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('refuses a bad sigma or dimension', async () => {
    const ctx = { say: () => undefined, json: false };
    await expect(dgaussBench.run({ sigma: '-1' }, ctx)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(dgaussBench.run({ dim: '0' }, ctx)).rejects.toMatchObject({ code: 'USAGE' });
  });
});
