import { createLog, formatRound } from './log';

const line = { kind: 'train' as const, jobId: 'j', round: 3, loss: 0.25, accuracy: 0.875, examples: 1200, seconds: 4.5 };

describe(createLog.name, () => {
  it('writes one JSON object per line with --json', () => {
    const out: string[] = [];
    const log = createLog(true, (l) => out.push(l), (l) => out.push(l));
    log.round(line);
    log.info('backend', 'backend: wasm', { backend: 'wasm' });
    const parsed = out.map((l) => JSON.parse(l));
    expect(parsed[0]).toMatchObject({ event: 'round', ...line });
    expect(parsed[1]).toMatchObject({ event: 'backend', message: 'backend: wasm', backend: 'wasm' });
  });

  it('drops debug lines unless asked for them, and writes array fields as JSON arrays', () => {
    const quiet: string[] = [];
    createLog(true, (l) => quiet.push(l), (l) => quiet.push(l)).debug!('secagg_ignored', 'ignored');
    expect(quiet).toEqual([]);
    const loud: string[] = [];
    const log = createLog(true, (l) => loud.push(l), (l) => loud.push(l), { debug: true });
    log.debug!('secagg_ignored', 'ignored', { stage: 'unmask' });
    log.info('secagg_round', 'secure round 1', { stages: ['advertise-keys', 'share-keys'], maskCpuSeconds: 0.5 });
    expect(loud.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'debug', event: 'secagg_ignored', stage: 'unmask' }),
      expect.objectContaining({ level: 'info', event: 'secagg_round', stages: ['advertise-keys', 'share-keys'], maskCpuSeconds: 0.5 }),
    ]);
  });

  it('formats a round as one human line', () => {
    expect(formatRound(line)).toBe('[fl-client] round   3  loss 0.2500  accuracy 0.8750  examples 1200  4.50 s');
  });
});
