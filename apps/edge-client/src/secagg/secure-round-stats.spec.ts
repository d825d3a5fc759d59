import { formatSecureRound, StageTally, type SecureRoundStats } from './secure-round-stats';

/** Burns at least `ms` of this process's CPU time (not wall time: the machine may be loaded). */
function burn(ms: number): number {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
    const d = process.cpuUsage(start);
    if (d.user + d.system >= ms * 1000) return x;
  }
}

describe(StageTally.name, () => {
  it('adds the CPU time of masked-input to masking and of every other stage to key agreement', () => {
    // Prepare
    const tally = new StageTally();
    // Execute
    tally.timed('advertise-keys', () => burn(30));
    const afterKeys = tally.keyAgreementCpuSeconds;
    tally.timed('masked-input', () => burn(30));
    // Assert
    expect(afterKeys).toBeGreaterThanOrEqual(0.03);
    expect(tally.keyAgreementCpuSeconds).toBe(afterKeys);
    expect(tally.maskCpuSeconds).toBeGreaterThanOrEqual(0.03);
  });

  it('counts a stage computation that throws, and rethrows', () => {
    const tally = new StageTally();
    expect(() =>
      tally.timed('share-keys', () => {
        burn(20);
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(tally.keyAgreementCpuSeconds).toBeGreaterThanOrEqual(0.02);
    expect(tally.maskCpuSeconds).toBeNull();
  });
});

describe('formatSecureRound', () => {
  it('prints the parameters, the clip fraction and both CPU times', () => {
    const s: SecureRoundStats = { taskId: 't', round: 4, stages: ['advertise-keys', 'share-keys'], keyAgreementCpuSeconds: 0.0123, maskCpuSeconds: null, clipFraction: 0.125, k: 3, t: 2, n: 5, outcome: 'done' };
    expect(formatSecureRound(s)).toBe('secure round 4 (done): n 5, k 3, t 2, clipped 12.50 %, CPU – masking + 0.012 s key agreement, stages 2');
  });
});
