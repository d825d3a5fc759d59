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

  it('formats a round as one human line', () => {
    expect(formatRound(line)).toBe('[fl-client] round   3  loss 0.2500  accuracy 0.8750  examples 1200  4.50 s');
  });
});
