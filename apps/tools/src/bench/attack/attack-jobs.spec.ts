import { attackJob, CLIENTS } from './attack-jobs';

describe('attackJob', () => {
  it('pins plain jobs to every client with no retry; the secure job keeps the job defaults so a refused sum is retried with screening', () => {
    const plain = attackJob('p', 'trimmed-mean', 10, 2, 60);
    expect(plain).toMatchObject({ clientsPerRound: CLIENTS, minClients: CLIENTS, overSelection: 0, maxRoundRetries: 0, secureAggregation: { enabled: false }, strategy: { name: 'fedtrimmedavg' } });
    const secure = attackJob('s', 'secure', 10, 2, 60);
    expect(secure).toMatchObject({ clientsPerRound: CLIENTS, strategy: { name: 'fedavg' } });
    for (const key of ['minClients', 'overSelection', 'maxRoundRetries', 'secureAggregation'] as const) expect(secure).not.toHaveProperty(key);
    // The clean run is plain FedAvg with the default bounds.
    expect(attackJob('c', null, 10, 2, 60)).toMatchObject({ strategy: { name: 'fedavg' }, secureAggregation: { enabled: false }, minClients: CLIENTS });
  });
});
